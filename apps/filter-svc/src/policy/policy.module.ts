import { Module } from '@nestjs/common';

import { PolicyGrpcController } from './policy.grpc-controller';
import { PolicyRepository } from './policy.repository';
import { PolicyService } from './policy.service';
import { PolicyPresenter } from './policy.presenter';

@Module({
  controllers: [PolicyGrpcController],
  providers: [PolicyRepository, PolicyService, PolicyPresenter],
  exports: [PolicyService, PolicyPresenter],
})
export class PolicyModule {}
