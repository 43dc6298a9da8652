import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { TransfersGrpcController } from './transfers.grpc-controller';

@Module({ imports: [CoreModule], controllers: [TransfersGrpcController] })
export class TransfersModule {}
