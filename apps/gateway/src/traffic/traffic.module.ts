import { Module } from '@nestjs/common';

import { ReportForwarder, ReportTelemetry } from './report-forwarder';
import { ReportRoute } from './report.route';
import { TrafficAuth, TrafficController, TrafficTelemetry } from './traffic.controller';

/** START, heartbeat, STOP and summary (Nest controller); reports (Fastify route, ReportRoute). */
@Module({
  controllers: [TrafficController],
  providers: [
    ReportForwarder,
    ReportRoute,
    TrafficTelemetry.provider,
    TrafficAuth.provider,
    ReportTelemetry.provider,
  ],
})
export class TrafficModule {}
