import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { authNames, type auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import type { CallerInfo, UserId } from '@trafficshare/identity';

import { AuditRepository } from '../common/audit.repository';
import { UsersException } from '../users/users.exception';
import { UsersRepository } from '../users/users.repository';
import type { ApiKeyEntity, ApiKeyStatus, ApiKeyType } from './api-key.entity';
import { ApiKeysException, ApiKeysErrorCode as Code } from './api-keys.exception';
import { ApiKeysRepository } from './api-keys.repository';

const STATUSES: readonly string[] = ['active', 'inactive'];

export interface Page {
  readonly limit: number;
  readonly offset: number;
}
const MAX_LIMIT_MB = 100 * 1024 * 1024;
const MAX_DAYS = 3650;
const DAY_MS = 86_400_000;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Buyer API keys (admin 'API Management'): the key is shown once, only its hash is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ApiKeysRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(
    caller: CallerInfo,
    owner: UserId,
    type: ApiKeyType | undefined,
    limitMb: number,
    days: number,
  ): Promise<{ apiKey: auth.ApiKey; key: string }> {
    if (!type) throw new ApiKeysException(Code.InvalidType, 'type must be traffic or rotation');
    this.checkLimit(limitMb);
    this.checkDays(days, 1);
    if (!(await this.users.findById(owner))) throw UsersException.notFound();
    // 32 random bytes: unguessable; a recognisable prefix helps secret scanners.
    const key = `tsk_${randomBytes(32).toString('base64url')}`;
    const row = await this.tx.run(async (m) => {
      const created = await this.repo.insert(m, {
        keyHash: hashApiKey(key),
        keyPrefix: key.slice(0, 12),
        telegramId: owner,
        type,
        limitMb,
        expiryDate: new Date(Date.now() + days * DAY_MS),
        status: 'active',
        createdBy: caller.telegramId,
      });
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: owner,
          action: 'admin.api_key.create',
          details: { id: created.id, type, limit_mb: limitMb, days },
          ip: caller.ip,
        },
        m,
      );
      return created;
    });
    return { apiKey: toProto(row), key };
  }

  /** One owner's keys. */
  async listOf(owner: UserId, page: Page): Promise<auth.ListApiKeysResponse> {
    const [rows, total] = await this.repo.listOf(owner, page.limit, page.offset);
    return { apiKeys: rows.map(toProto), total };
  }

  /** Every owner's keys (the admin list without a filter). */
  async listAll(page: Page): Promise<auth.ListApiKeysResponse> {
    const [rows, total] = await this.repo.listAll(page.limit, page.offset);
    return { apiKeys: rows.map(toProto), total };
  }

  async update(
    caller: CallerInfo,
    id: string,
    patch: { status?: string; limitMb?: number; extendDays?: number },
  ): Promise<auth.ApiKey> {
    if (patch.status !== undefined && !STATUSES.includes(patch.status))
      throw new ApiKeysException(Code.InvalidStatus, 'status must be active or inactive');
    if (patch.limitMb !== undefined) this.checkLimit(patch.limitMb);
    if (patch.extendDays !== undefined) this.checkDays(patch.extendDays, 1);
    return this.tx.run(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new ApiKeysException(Code.NotFound, 'No such API key');
      const next: Partial<ApiKeyEntity> = {};
      if (patch.status !== undefined) next.status = patch.status as ApiKeyStatus;
      if (patch.limitMb !== undefined) next.limitMb = patch.limitMb;
      if (patch.extendDays !== undefined) {
        // Extending an expired key counts from now, not from the past expiry.
        const base = Math.max(row.expiryDate.getTime(), Date.now());
        next.expiryDate = new Date(base + patch.extendDays * DAY_MS);
      }
      await this.repo.update(m, id, next);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: row.telegramId,
          action: 'admin.api_key.update',
          details: { id, ...patch },
          ip: caller.ip,
        },
        m,
      );
      return toProto({ ...row, ...next });
    });
  }

  async remove(caller: CallerInfo, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const row = await this.repo.lock(m, id);
      if (!row) throw new ApiKeysException(Code.NotFound, 'No such API key');
      await this.repo.remove(m, id);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: row.telegramId,
          action: 'admin.api_key.delete',
          details: { id },
          ip: caller.ip,
        },
        m,
      );
    });
  }

  private checkLimit(limitMb: number): void {
    if (!Number.isSafeInteger(limitMb) || limitMb < 1 || limitMb > MAX_LIMIT_MB) {
      throw new ApiKeysException(Code.InvalidLimit, `limit_mb must be 1 to ${MAX_LIMIT_MB}`);
    }
  }

  private checkDays(days: number, min: number): void {
    if (!Number.isInteger(days) || days < min || days > MAX_DAYS)
      throw new ApiKeysException(Code.InvalidDays, `days must be ${min} to ${MAX_DAYS}`);
  }
}

function toProto(k: ApiKeyEntity): auth.ApiKey {
  const expired = k.expiryDate.getTime() <= Date.now();
  return {
    id: k.id,
    telegramId: k.telegramId,
    type: authNames.apiKeyType.toProto(k.type),
    limitMb: k.limitMb,
    usedMb: (k.usedMilliMb / 1000).toFixed(3).replace(/\.?0+$/, ''),
    expiryDate: k.expiryDate.toISOString(),
    status: authNames.apiKeyStatus.toProto(expired ? 'expired' : k.status),
    keyPrefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
  };
}
