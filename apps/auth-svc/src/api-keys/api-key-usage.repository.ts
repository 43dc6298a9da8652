import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyUsageBatchEntity } from './api-key-usage-batch.entity';

/** Bytes per MB: usage is counted in bytes by the relay and shown in MB (1 GB = 1024 MB). */
export const BYTES_PER_MB = 1_048_576;

/** The relay's reads and writes of API keys: by key hash, and usage batches applied once. */
@Injectable()
export class ApiKeyUsageRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  findByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.ds.manager.findOne(ApiKeyEntity, { where: { keyHash } });
  }

  /** Claims a batch id; false when it was applied before. */
  async claimBatch(manager: EntityManager, batchId: string, keyCount: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ApiKeyUsageBatchEntity)
      .values({ batchId, keyCount })
      .orIgnore()
      .returning(['batch_id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async addBytes(manager: EntityManager, keyId: string, bytes: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({
        relayedBytes: () => `"relayed_bytes" + :bytes`,
        usedMilliMb: () => `("relayed_bytes" + :bytes) * 1000 / ${BYTES_PER_MB}`,
      })
      .where('id = :keyId', { keyId })
      .setParameters({ bytes })
      .execute();
  }
}
