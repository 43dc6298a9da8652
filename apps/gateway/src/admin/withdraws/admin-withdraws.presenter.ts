import type { payout } from '@trafficshare/contracts';

import { withdrawJson } from '../../withdraw/withdraw.presenter';
import type { AdminWithdrawJson } from './admin-withdraws.contract';

export function adminWithdrawJson(w: payout.Withdraw | undefined): AdminWithdrawJson {
  const x = w!;
  return {
    ...withdrawJson(x),
    telegram_id: x.telegramId,
    provider: x.provider,
    payout_id: x.payoutId || null,
    risk_score: x.riskScore,
    risk_factors: x.riskFactors,
    attempts: x.attempts,
    note: x.note,
  };
}

export function auditJson(a: payout.AuditEntry) {
  return {
    kind: a.kind,
    endpoint: a.endpoint,
    status_code: a.statusCode,
    signature_valid: a.signatureValid,
    body: a.body,
    actor: a.actor || null,
    note: a.note,
    created_at: a.createdAt,
  };
}

export function blacklistJson(e: payout.BlacklistEntry | undefined) {
  const x = e!;
  return {
    address: x.address,
    reason: x.reason,
    added_by: x.addedBy || null,
    created_at: x.createdAt,
  };
}
