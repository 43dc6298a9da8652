import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import type { UsageBatch } from '../access/authorities';

/**
 * Where a batch waits between being cut and being acknowledged by its owners. A counted byte is
 * one in a batch written here: the relay writes (and fsyncs) the batch before sending it and
 * deletes it after both owners acknowledged it, so a relay killed at any point re-sends the same
 * batch (same id, applied once by the owners) when it starts again. Bytes relayed after the
 * last written batch die with the process and are counted for nobody (not the buyer, not the
 * device): the two sides of a byte are always in the same batch.
 */
export interface UsageJournal {
  /** Batches written and never acknowledged, oldest first. */
  load(): Promise<UsageBatch[]>;
  /** Durable before it resolves. */
  save(batch: UsageBatch): Promise<void>;
  remove(batchId: string): Promise<void>;
}

/** No durability (tests, and a relay run without a journal directory). */
export class MemoryUsageJournal implements UsageJournal {
  async load(): Promise<UsageBatch[]> {
    return [];
  }
  async save(): Promise<void> {}
  async remove(): Promise<void> {}
}

const FILE = /^batch-(\d{13})-([0-9a-f-]{36})\.json$/;

/** One file per pending batch in `dir` (on a volume that outlives the process). */
export class FileUsageJournal implements UsageJournal {
  constructor(private readonly dir: string) {}

  async load(): Promise<UsageBatch[]> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => FILE.test(n)).sort();
    const batches: UsageBatch[] = [];
    for (const name of names) {
      try {
        batches.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as UsageBatch);
      } catch {
        // A file torn by a crash mid-write was never renamed into place: nothing was sent.
      }
    }
    return batches;
  }

  async save(batch: UsageBatch): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const final = join(this.dir, `batch-${Date.now()}-${batch.batchId}.json`);
    const temp = `${final}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(JSON.stringify(batch));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, final);
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async remove(batchId: string): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith(`-${batchId}.json`));
    await Promise.all(names.map((n) => unlink(join(this.dir, n)).catch(() => undefined)));
  }
}
