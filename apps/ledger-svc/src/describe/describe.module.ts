import { Module } from '@nestjs/common';

import { DescribeGrpcController } from './describe.grpc-controller';

@Module({ controllers: [DescribeGrpcController] })
export class DescribeModule {}
