import { Module } from '@nestjs/common';

import { ReportForwarder } from './report-forwarder';
import { TrafficController } from './traffic.controller';

@Module({ controllers: [TrafficController], providers: [ReportForwarder] })
export class TrafficModule {}
