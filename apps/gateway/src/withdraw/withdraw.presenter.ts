import type { payout } from '@trafficshare/contracts';

import { usd } from '../common/units';
import type { AcceptedJson, WithdrawJson } from './withdraw.contract';

const BSCSCAN_TX = 'https://bscscan.com/tx/';

export function withdrawJson(w: payout.Withdraw | undefined): WithdrawJson {
  const x = w!;
  return {
    id: x.id,
    status: x.status as WithdrawJson['status'],
    amount_usd: usd(x.amountMicroUsd),
    fee_usd: usd(x.feeMicroUsd),
    amount_usdt: usd(x.amountMicroUsdt),
    net_usdt: usd(x.netMicroUsdt),
    wallet_address: x.walletAddress,
    network: 'BEP20',
    tx_hash: x.txHash || null,
    tx_url: x.txHash ? `${BSCSCAN_TX}${x.txHash}` : null,
    failure_reason: x.failureReason || null,
    created_at: x.createdAt,
    updated_at: x.updatedAt,
    processed_at: x.processedAt || null,
  };
}

export function acceptedJson(r: payout.RequestWithdrawResponse): AcceptedJson {
  const w = r.withdraw!;
  return {
    status: r.acceptedStatus as AcceptedJson['status'],
    withdraw_id: w.id,
    amount_usd: usd(w.amountMicroUsd),
    amount_usdt: usd(w.amountMicroUsdt),
    fee_usd: usd(w.feeMicroUsd),
    net_usdt: usd(w.netMicroUsdt),
    message: r.message,
  };
}
