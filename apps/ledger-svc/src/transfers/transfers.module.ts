import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { TransfersInternalGrpcController } from './transfers-internal.grpc-controller';

@Module({ imports: [CoreModule], controllers: [TransfersInternalGrpcController] })
export class TransfersModule {}
