import { Controller } from '@nestjs/common';

import { ledgerInternal, ledgerNames } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { userId } from '@trafficshare/identity';

import { outcomeProto } from './transfer.presenter';
import { TransfersService, type CreditKind } from './transfers.service';

const CREDIT_KINDS: readonly string[] = ['income', 'bonus', 'refund', 'adjustment'];

/** LedgerInternalService: the money movements only services (payout-svc) call. */
@Controller()
@GrpcMethods(ledgerInternal.LEDGER_INTERNAL_SERVICE_NAME)
export class TransfersInternalGrpcController implements Pick<
  ledgerInternal.LedgerInternalServiceController,
  'hold' | 'postPending' | 'voidPending' | 'credit'
> {
  constructor(private readonly transfers: TransfersService) {}

  async hold(r: ledgerInternal.HoldRequest): Promise<ledgerInternal.HoldResponse> {
    return outcomeProto(
      await this.transfers.hold({
        ...r,
        telegramId: userId(r.telegramId),
        amount: r.amountMicroUsd,
      }),
    );
  }

  async postPending(
    r: ledgerInternal.PostPendingRequest,
  ): Promise<ledgerInternal.PostPendingResponse> {
    return outcomeProto(await this.transfers.post(r));
  }

  async voidPending(
    r: ledgerInternal.VoidPendingRequest,
  ): Promise<ledgerInternal.VoidPendingResponse> {
    return outcomeProto(await this.transfers.void(r));
  }

  async credit(r: ledgerInternal.CreditRequest): Promise<ledgerInternal.CreditResponse> {
    const name = ledgerNames.transferKind.toNameOr(r.kind, '');
    return outcomeProto(
      await this.transfers.credit({
        ...r,
        kind: CREDIT_KINDS.includes(name) ? (name as CreditKind) : undefined,
        telegramId: userId(r.telegramId),
        amount: r.amountMicroUsd,
      }),
    );
  }
}
