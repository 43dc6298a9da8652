import type { payout } from '@trafficshare/contracts';

import type { AuditRow } from '../common/audit.repository';
import type { WithdrawRow } from './withdraw.repository';

const iso = (d: Date | null): string => (d ? d.toISOString() : '');

export function withdrawProto(r: WithdrawRow): payout.Withdraw {
  return {
    id: r.id,
    telegramId: r.telegramId,
    amountMicroUsd: r.amountMicroUsd,
    amountMicroUsdt: r.amountMicroUsdt,
    feeMicroUsd: r.feeMicroUsd,
    netMicroUsdt: r.netMicroUsdt,
    walletAddress: r.walletAddress,
    network: r.network,
    status: r.status,
    txHash: r.txHash ?? '',
    failureReason: r.failureReason,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    processedAt: iso(r.processedAt),
    provider: r.provider,
    payoutId: r.payoutId ?? '',
    riskScore: r.riskScore,
    riskFactors: r.riskFactors,
    attempts: r.attempts,
    note: r.note,
  };
}

export function auditProto(a: AuditRow): payout.AuditEntry {
  return {
    kind: a.kind,
    endpoint: a.endpoint,
    statusCode: a.statusCode,
    body: a.body,
    actor: a.actor ?? 0,
    note: a.note,
    createdAt: a.createdAt.toISOString(),
    signatureValid: a.signatureValid ?? false,
  };
}
