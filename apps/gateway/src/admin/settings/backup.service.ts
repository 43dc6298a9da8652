import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Logger } from '@trafficshare/observability';

import type { AppConfig } from '../../config';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_REDIS } from '../../infra/tokens';

export interface BackupJob {
  readonly id: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly file: string;
  readonly sizeBytes: number | null;
  readonly error: string | null;
  readonly requestedBy: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly instance: string;
}

const JOB_TTL_S = 30 * 86_400;
// A dump running longer than this is presumed dead (its gateway restarted): the lock lapses.
const LOCK_TTL_S = 6 * 3_600;
const jobKey = (id: string): string => `admin:backup:${id}`;
const LOCK_KEY = 'admin:backup:running';

/** pg_dump: the configured path, else /usr/bin/pg_dump, else the newest /usr/lib/postgresql/<v>. */
export function locatePgDump(configured: string): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  if (existsSync('/usr/bin/pg_dump')) return '/usr/bin/pg_dump';
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const p = join(root, v, 'bin', 'pg_dump');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** libpq environment for a postgres:// URL (the password never appears in the process list). */
export function pgEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const u = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')),
    PGUSER: decodeURIComponent(u.username || 'postgres'),
  };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

const fail = (status: number, code: string, message: string): HttpException =>
  new HttpException({ status: 'error', code, message }, status);

/**
 * Database backups: `pg_dump -Fc` of the whole database (every service's schema) into
 * BACKUP_DIR, run by the gateway that received the request. The job's state lives in Redis so
 * any gateway replica answers GET; one dump at a time platform-wide (a Redis lock).
 */
@Injectable()
export class BackupService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  async start(requestedBy: number): Promise<BackupJob> {
    const bin = locatePgDump(this.config.PG_DUMP_PATH);
    if (!bin)
      throw fail(
        503,
        'pg_dump_missing',
        'pg_dump is not installed (looked at PG_DUMP_PATH, /usr/bin/pg_dump, /usr/lib/postgresql/*/bin)',
      );
    const id = randomUUID();
    const locked = await this.redis.set(LOCK_KEY, id, 'EX', LOCK_TTL_S, 'NX');
    if (locked !== 'OK') throw fail(409, 'backup_running', 'A backup is already running');
    const dir = resolve(this.config.BACKUP_DIR);
    const started = new Date();
    const file = `trafficshare-${started.toISOString().replace(/[:.]/g, '-')}-${id.slice(0, 8)}.dump`;
    const job: BackupJob = {
      id,
      status: 'running',
      file,
      sizeBytes: null,
      error: null,
      requestedBy,
      startedAt: started.toISOString(),
      finishedAt: null,
      instance: `${hostname()}:${process.pid}`,
    };
    try {
      await mkdir(dir, { recursive: true });
      await this.save(job);
    } catch (err) {
      await this.redis.del(LOCK_KEY);
      throw err;
    }
    void this.run(bin, join(dir, file), job);
    return job;
  }

  async get(id: string): Promise<BackupJob | undefined> {
    const raw = await this.redis.get(jobKey(id));
    return raw ? (JSON.parse(raw) as BackupJob) : undefined;
  }

  private async run(bin: string, path: string, job: BackupJob): Promise<void> {
    const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${path}`];
    if (this.config.BACKUP_SCHEMA_PATTERN)
      args.push(`--schema=${this.config.BACKUP_SCHEMA_PATTERN}`);
    let finished: BackupJob;
    try {
      const stderr = await new Promise<string>((done, reject) => {
        const child = spawn(bin, args, {
          env: { ...pgEnv(this.config.DATABASE_URL), PATH: process.env.PATH ?? '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          if (err.length < 4_096) err += c.toString();
        });
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0
            ? done(err)
            : reject(new Error(err.trim().split('\n').at(-1) || `exit ${code}`)),
        );
      });
      if (stderr.trim())
        this.logger.warn({ job: job.id, stderr: stderr.slice(0, 500) }, 'pg_dump warnings');
      const size = (await stat(path)).size;
      finished = { ...job, status: 'done', sizeBytes: size, finishedAt: new Date().toISOString() };
      this.logger.info({ job: job.id, file: job.file, bytes: size }, 'backup done');
    } catch (err) {
      const message = (err as Error).message.slice(0, 300);
      finished = { ...job, status: 'failed', error: message, finishedAt: new Date().toISOString() };
      this.logger.error({ job: job.id, err: message }, 'backup failed');
    }
    try {
      await this.save(finished);
    } finally {
      // Only our own lock (a lapsed one may belong to the next job by now).
      if ((await this.redis.get(LOCK_KEY).catch(() => null)) === job.id)
        await this.redis.del(LOCK_KEY).catch(() => undefined);
    }
  }

  private async save(job: BackupJob): Promise<void> {
    await this.redis.set(jobKey(job.id), JSON.stringify(job), 'EX', JOB_TTL_S);
  }
}
