import { Module } from '@nestjs/common';

import { ProfileGrpcController } from './profile.grpc-controller';
import { ProfileService } from './profile.service';

@Module({ controllers: [ProfileGrpcController], providers: [ProfileService] })
export class ProfileModule {}
