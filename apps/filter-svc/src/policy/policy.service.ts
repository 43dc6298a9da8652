import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { Transactions } from '@trafficshare/database';
import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, OUTBOX } from '@trafficshare/service-kit';

import { FilterErrorCode, FilterException } from '../common/filter.exception';
import type { AppConfig } from '../config';
import { CidrMatcher } from '../ip/cidr-matcher';
import type { FilterPolicyEntity } from './filter-policy.entity';
import {
  defaultPolicyDocument,
  policyDocumentSchema,
  type PolicyDocument,
} from './policy.document';
import { PolicyRepository } from './policy.repository';

/** The policy in force, with its lookup structures built once per version. */
export interface ActivePolicy {
  readonly version: number;
  readonly document: PolicyDocument;
  readonly createdBy: number | null;
  readonly note: string;
  readonly createdAt: Date;
  readonly regions: ReadonlySet<string>;
  readonly whitelistAsns: ReadonlySet<number>;
  readonly allowlist: CidrMatcher;
}

function activate(row: FilterPolicyEntity): ActivePolicy {
  const d = row.document;
  return {
    version: row.version,
    document: d,
    createdBy: row.createdBy === null ? null : Number(row.createdBy),
    note: row.note,
    createdAt: row.createdAt,
    regions: new Set(d.allowed_regions),
    whitelistAsns: new Set(d.admin_whitelist_asns),
    allowlist: new CidrMatcher(d.allowlisted_ips),
  };
}

/**
 * The versioned, admin-editable policy. Decisions read it from memory (no query per START);
 * each instance notices other instances' new versions within POLICY_REFRESH_MS.
 */
@Injectable()
export class PolicyService implements OnModuleInit, OnModuleDestroy {
  private active!: ActivePolicy;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly repo: PolicyRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repo.ensureInitial(defaultPolicyDocument(this.config.CACHE_TTL_IP));
    await this.reload();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'policy refresh failed'));
    }, this.config.POLICY_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  current(): ActivePolicy {
    return this.active;
  }

  private async refresh(): Promise<void> {
    if ((await this.repo.latestVersion()) !== this.active.version) await this.reload();
  }

  private async reload(): Promise<void> {
    const row = await this.repo.latest();
    if (!row) throw new Error('filter_policy is empty');
    this.active = activate(row);
  }

  /**
   * Stores a new version from the current one plus `changes`. With `expectedVersion` the
   * patch applies only to that version; two concurrent patches never both win.
   */
  async patch(
    adminId: number,
    changes: Partial<PolicyDocument>,
    note: string,
    expectedVersion?: number,
  ): Promise<ActivePolicy> {
    await this.reload();
    const base = this.active;
    if (expectedVersion !== undefined && expectedVersion !== base.version) {
      throw new FilterException(
        FilterErrorCode.PolicyVersionConflict,
        `Policy is at version ${base.version}, not ${expectedVersion}; reload and retry`,
        { current_version: base.version },
      );
    }
    const parsed = policyDocumentSchema.safeParse({ ...base.document, ...changes });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        field: i.path.join('.'),
        message: i.message,
      }));
      throw new FilterException(
        FilterErrorCode.InvalidPolicy,
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    const version = base.version + 1;
    let row: FilterPolicyEntity;
    try {
      row = await this.tx.run(async (m) => {
        const inserted = await this.repo.insert(m, {
          version,
          document: parsed.data,
          createdBy: adminId,
          note,
        });
        await this.outbox.add(m, 'FilterPolicyChanged', {
          version,
          changedBy: adminId,
          note,
          changedAt: inserted.createdAt.toISOString(),
        });
        await this.outbox.add(m, 'AdminActionRecorded', {
          service: 'filter-svc',
          actorId: adminId,
          action: 'filter.policy.update',
          target: `policy:${version}`,
          detailsJson: JSON.stringify({ version, note }),
          ip: '',
          occurredAt: inserted.createdAt.toISOString(),
        });
        return inserted;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new FilterException(
          FilterErrorCode.PolicyVersionConflict,
          'Another admin changed the policy at the same time; reload and retry',
        );
      }
      throw err;
    }
    this.active = activate(row);
    this.logger.info(
      { version, admin_id: adminId, changed: Object.keys(changes) },
      'filter policy changed',
    );
    return this.active;
  }
}
