import { Module } from '@nestjs/common';

import { TRANSACTIONS } from '../common/transactions.provider';
import { PolicyGrpcController } from './policy.grpc-controller';
import { PolicyRepository } from './policy.repository';
import { PolicyService } from './policy.service';
import { PolicyPresenter } from './policy.presenter';

@Module({
  controllers: [PolicyGrpcController],
  providers: [TRANSACTIONS, PolicyRepository, PolicyService, PolicyPresenter],
  exports: [PolicyService, PolicyPresenter],
})
export class PolicyModule {}
