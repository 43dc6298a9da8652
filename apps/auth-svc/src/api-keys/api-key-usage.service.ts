import { Injectable } from '@nestjs/common';

import { authInternal } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';

import { ApiKeyUsageRepository, BYTES_PER_MB } from './api-key-usage.repository';
import { ApiKeysException, ApiKeysErrorCode as Code } from './api-keys.exception';
import { hashApiKey } from './api-keys.service';

const Verdict = authInternal.ApiKeyVerdict;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BATCH_KEYS = 10_000;
const MAX_BATCH_BYTES = 1024 ** 5; // 1 PiB: far beyond any flush interval; refuses garbage

/** What the relay asks of buyer keys: may this key carry traffic now, and usage write-back. */
@Injectable()
export class ApiKeyUsageService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ApiKeyUsageRepository,
  ) {}

  async authorize(apiKey: string): Promise<authInternal.AuthorizeApiKeyResponse> {
    const refused = (verdict: authInternal.ApiKeyVerdict) => ({
      verdict,
      keyId: '',
      type: '',
      limitBytes: 0,
      usedBytes: 0,
      telegramId: 0,
    });
    if (!/^tsk_[A-Za-z0-9_-]{43}$/.test(apiKey)) return refused(Verdict.API_KEY_VERDICT_INVALID);
    const key = await this.repo.findByHash(hashApiKey(apiKey));
    if (!key) return refused(Verdict.API_KEY_VERDICT_INVALID);
    const limitBytes = key.limitMb * BYTES_PER_MB;
    const verdict =
      key.status !== 'active'
        ? Verdict.API_KEY_VERDICT_INACTIVE
        : key.expiryDate.getTime() <= Date.now()
          ? Verdict.API_KEY_VERDICT_EXPIRED
          : key.relayedBytes >= limitBytes
            ? Verdict.API_KEY_VERDICT_LIMIT_REACHED
            : Verdict.API_KEY_VERDICT_OK;
    return {
      verdict,
      keyId: key.id,
      type: key.type,
      limitBytes,
      usedBytes: key.relayedBytes,
      telegramId: Number(key.telegramId),
    };
  }

  /** Adds a batch of per-key bytes once (a retried batch id changes nothing). */
  async record(req: authInternal.RecordApiKeyUsageRequest): Promise<boolean> {
    if (!UUID.test(req.batchId))
      throw new ApiKeysException(Code.InvalidUsage, 'batch_id must be a UUID');
    if (req.usage.length > MAX_BATCH_KEYS)
      throw new ApiKeysException(Code.InvalidUsage, `at most ${MAX_BATCH_KEYS} keys per batch`);
    for (const { keyId, bytes } of req.usage) {
      if (!UUID.test(keyId) || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BATCH_BYTES)
        throw new ApiKeysException(Code.InvalidUsage, 'each usage needs a key id and bytes ≥ 0');
    }
    return this.tx.run(async (m) => {
      if (!(await this.repo.claimBatch(m, req.batchId, req.usage.length))) return false;
      // Sorted: concurrent batches lock keys in one order (no deadlock).
      const sorted = [...req.usage].sort((a, b) => a.keyId.localeCompare(b.keyId));
      for (const { keyId, bytes } of sorted)
        if (bytes > 0) await this.repo.addBytes(m, keyId, bytes);
      return true;
    });
  }
}
