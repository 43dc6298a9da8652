import { Module } from '@nestjs/common';

import { PolicyModule } from '../policy/policy.module';
import { WhitelistGrpcController } from './whitelist.grpc-controller';
import { WhitelistService } from './whitelist.service';

@Module({
  imports: [PolicyModule],
  controllers: [WhitelistGrpcController],
  providers: [WhitelistService],
})
export class WhitelistModule {}
