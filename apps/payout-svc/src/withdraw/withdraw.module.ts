import { Module } from '@nestjs/common';

import { WithdrawAdminGrpcController } from '../admin/withdraw-admin.grpc-controller';
import { PayoutStatsRepository } from '../admin/payout-stats.repository';
import { PayoutStatsService } from '../admin/payout-stats.service';
import { WithdrawAdminService } from '../admin/withdraw-admin.service';
import { UserFactsConsumer } from '../users/user-facts.consumer';
import { UserFactsRepository } from '../users/user-facts.repository';
import { ClientsModule } from '../common/clients.module';
import { PayoutMetrics } from '../common/payout.metrics';
import { ProviderModule } from '../provider/provider.module';
import { WebhookGrpcController } from '../webhook/webhook.grpc-controller';
import { WebhookService } from '../webhook/webhook.service';
import { PayoutWorker } from '../worker/payout.worker';
import { SettlementService } from '../worker/settlement.service';
import { WorkerRepository } from '../worker/worker.repository';
import { RiskRepository } from './risk.repository';
import { WithdrawGrpcController } from './withdraw.grpc-controller';
import { WithdrawRepository } from './withdraw.repository';
import { WithdrawService } from './withdraw.service';

/** Withdrawals: requests, the worker, provider webhooks and admin actions. */
@Module({
  imports: [ClientsModule, ProviderModule],
  controllers: [WithdrawGrpcController, WithdrawAdminGrpcController, WebhookGrpcController],
  providers: [
    PayoutMetrics,
    WithdrawRepository,
    RiskRepository,
    WithdrawService,
    SettlementService,
    WorkerRepository,
    PayoutWorker,
    WebhookService,
    WithdrawAdminService,
    PayoutStatsRepository,
    PayoutStatsService,
    UserFactsRepository,
    UserFactsConsumer,
  ],
  exports: [PayoutWorker],
})
export class WithdrawModule {}
