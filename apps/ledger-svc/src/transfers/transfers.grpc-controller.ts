import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { requireTelegramId } from '../common/caller';
import { outcomeProto } from './transfer.presenter';
import { TransfersService } from './transfers.service';

@Controller()
@GrpcMethods('LedgerService')
export class TransfersGrpcController implements Pick<
  ledger.LedgerServiceController,
  'hold' | 'postPending' | 'voidPending' | 'credit'
> {
  constructor(private readonly transfers: TransfersService) {}

  async hold(r: ledger.HoldRequest): Promise<ledger.HoldResponse> {
    return outcomeProto(
      await this.transfers.hold({
        ...r,
        telegramId: requireTelegramId(r.telegramId),
        amount: r.amountMicroUsd,
      }),
    );
  }

  async postPending(r: ledger.PostPendingRequest): Promise<ledger.PostPendingResponse> {
    return outcomeProto(await this.transfers.post(r));
  }

  async voidPending(r: ledger.VoidPendingRequest): Promise<ledger.VoidPendingResponse> {
    return outcomeProto(await this.transfers.void(r));
  }

  async credit(r: ledger.CreditRequest): Promise<ledger.CreditResponse> {
    const kind = r.kind as 'income' | 'bonus' | 'refund' | 'adjustment';
    return outcomeProto(
      await this.transfers.credit({
        ...r,
        kind,
        telegramId: requireTelegramId(r.telegramId),
        amount: r.amountMicroUsd,
      }),
    );
  }
}
