import { Inject, Injectable } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { PayoutMetrics } from '../common/payout.metrics';
import type { AppConfig } from '../config';
import { verifyIpn } from '../provider/ipn-signature';
import { SettlementService } from '../worker/settlement.service';
import { WithdrawRepository, type WithdrawRow } from '../withdraw/withdraw.repository';
import { WebhookErrorCode, WebhookException } from './webhook.exception';

interface Ipn {
  id?: unknown;
  batch_withdrawal_id?: unknown;
  status?: unknown;
  hash?: unknown;
  error?: unknown;
  unique_external_id?: unknown;
}

/** A string or number field as text ('' for anything else). */
const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Provider notifications. Every call is stored raw in payout_audit (a forged one too, with
 * signature_valid = false) before anything else; only a valid signature moves a withdrawal, and
 * only forward: a replayed or late notification finds the row already further and changes nothing.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly repo: WithdrawRepository,
    private readonly settlement: SettlementService,
    private readonly audit: AuditRepository,
    private readonly metrics: PayoutMetrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(
    provider: string,
    raw: Buffer,
    signature: string,
  ): Promise<{ withdrawId: string; status: string }> {
    if (provider !== 'nowpayments') {
      throw new WebhookException(WebhookErrorCode.UnknownProvider, 'Unknown payout provider');
    }
    const valid = verifyIpn(this.config.NOWPAYMENTS_IPN_SECRET, raw, signature);
    let body: Ipn | undefined;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
    } catch {
      body = undefined;
    }
    const row = body ? await this.find(body) : undefined;
    await this.audit.add({
      withdrawId: row?.id ?? null,
      kind: 'webhook',
      provider,
      endpoint: `POST /webhooks/payouts/${provider}`,
      statusCode: valid ? 200 : 401,
      signatureValid: valid,
      body: raw.toString('utf8'),
    });
    if (!valid) {
      this.metrics.webhooks.inc({ result: 'invalid_signature' });
      this.logger.warn(
        { provider, withdrawId: row?.id },
        'payout webhook with a bad signature refused',
      );
      throw new WebhookException(WebhookErrorCode.InvalidSignature, 'The signature does not match');
    }
    if (!body)
      throw new WebhookException(WebhookErrorCode.InvalidPayload, 'The body is not a JSON object');
    if (!row) {
      this.metrics.webhooks.inc({ result: 'unknown_payout' });
      return { withdrawId: '', status: '' };
    }
    this.metrics.webhooks.inc({ result: 'ok' });
    const after = await this.apply(row, body);
    return {
      withdrawId: row.id,
      status: (after ?? (await this.repo.findAny(row.id)) ?? row).status,
    };
  }

  private async find(body: Ipn): Promise<WithdrawRow | undefined> {
    const ext = typeof body.unique_external_id === 'string' ? body.unique_external_id : '';
    if (UUID.test(ext)) {
      const row = await this.repo.findAny(ext);
      if (row) return row;
    }
    const id = typeof body.id === 'string' || typeof body.id === 'number' ? String(body.id) : '';
    return id ? this.repo.findByPayoutId(this.repo.manager(), 'nowpayments', id) : undefined;
  }

  private async apply(row: WithdrawRow, body: Ipn): Promise<WithdrawRow | undefined> {
    const status = text(body.status).toUpperCase();
    const payout = {
      payoutId: text(body.id),
      batchId: text(body.batch_withdrawal_id),
      txHash: typeof body.hash === 'string' ? body.hash : null,
      error: typeof body.error === 'string' ? body.error : null,
      raw: body,
    };
    if (row.status !== 'pending' && row.status !== 'processing') return undefined;
    if (status === 'FINISHED') {
      return this.settlement.complete(row, payout.txHash ?? '', ['pending', 'processing'], {
        ...payout,
        status: 'finished',
      });
    }
    if (status === 'FAILED' || status === 'REJECTED') {
      return this.settlement.fail(row, payout.error || `The provider reported ${status}`);
    }
    if (row.status === 'pending' && payout.payoutId) {
      return this.settlement.accepted(
        row,
        { ...payout, status: 'processing' },
        this.config.PAYOUT_POLL_SCHEDULE_S[0],
      );
    }
    return undefined;
  }
}
