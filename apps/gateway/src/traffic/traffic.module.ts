import { Module } from '@nestjs/common';

import { ReportForwarder } from './report-forwarder';
import { ReportRoute } from './report.route';
import { TrafficController } from './traffic.controller';

/** START, heartbeat, STOP and summary (Nest controller); reports (Fastify route, ReportRoute). */
@Module({ controllers: [TrafficController], providers: [ReportForwarder, ReportRoute] })
export class TrafficModule {}
