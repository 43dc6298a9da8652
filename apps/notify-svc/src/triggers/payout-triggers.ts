import { Injectable } from '@nestjs/common';

import { ServiceConsumers } from '@trafficshare/service-kit';

import { CATALOGUE } from '../common/catalogue';
import { Notifier } from './notifier';

/**
 * A withdrawal's steps as payout-svc publishes them: requested (accepted and held), processing
 * (the provider took it), completed (with the transaction hash), failed (with the reason, and
 * whether the held amount went back to the balance). One notification per step of each
 * withdrawal, always sent (account notifications), in the owner's language.
 */
@Injectable()
export class PayoutTriggers {
  constructor(consumers: ServiceConsumers, notifier: Notifier) {
    consumers.on('PayoutRequested', { durable: 'notify-payout-requested' }, (e, tx) =>
      notifier.one(tx, e.message.telegramId, 'account', (p) => ({
        type: 'payout',
        ...CATALOGUE.payoutRequested(p.language, e.message.amountUsdt, e.message.network),
        data: { type: 'payout', status: 'requested', withdraw_id: e.message.withdrawId },
        sourceKey: `payout:requested:${e.message.withdrawId}`,
        eventAt: e.occurredAt,
      })),
    );
    consumers.on('PayoutProcessing', { durable: 'notify-payout-processing' }, (e, tx) =>
      notifier.one(tx, e.message.telegramId, 'account', (p) => ({
        type: 'payout',
        ...CATALOGUE.payoutProcessing(p.language, e.message.amountUsdt, e.message.network),
        data: { type: 'payout', status: 'processing', withdraw_id: e.message.withdrawId },
        sourceKey: `payout:processing:${e.message.withdrawId}`,
        eventAt: e.occurredAt,
      })),
    );
    consumers.on('PayoutCompleted', { durable: 'notify-payout-completed' }, (e, tx) =>
      notifier.one(tx, e.message.telegramId, 'account', (p) => ({
        type: 'payout',
        ...CATALOGUE.payoutCompleted(
          p.language,
          e.message.amountUsdt,
          e.message.network,
          e.message.txHash,
        ),
        data: {
          type: 'payout',
          status: 'completed',
          withdraw_id: e.message.withdrawId,
          tx_hash: e.message.txHash,
        },
        sourceKey: `payout:${e.message.withdrawId}`,
        eventAt: e.occurredAt,
      })),
    );
    consumers.on('PayoutFailed', { durable: 'notify-payout-failed' }, (e, tx) =>
      notifier.one(tx, e.message.telegramId, 'account', (p) => ({
        type: 'payout',
        ...CATALOGUE.payoutFailed(p.language, e.message.reason || '—', e.message.refunded),
        data: {
          type: 'payout',
          status: e.message.status || 'failed',
          withdraw_id: e.message.withdrawId,
          refunded: String(e.message.refunded),
        },
        sourceKey: `payout:failed:${e.message.withdrawId}`,
        eventAt: e.occurredAt,
      })),
    );
  }
}
