// One probe per infrastructure component: does it answer, and is it usable?

import Redis from 'ioredis';
import { connect as connectNats } from 'nats';
import { Client as PgClient } from 'pg';

export type ProbeResult =
  /** Answers and is usable. */
  | { readonly state: 'up'; readonly note?: string }
  /** Nothing answers: start it. */
  | { readonly state: 'down'; readonly reason: string }
  /** Answers but is still starting: wait. */
  | { readonly state: 'starting'; readonly reason: string }
  /** Answers but can't be used as configured (auth, JetStream off): a human must act. */
  | { readonly state: 'broken'; readonly reason: string; readonly hint: string };

const PROBE_TIMEOUT_MS = 3_000;

/** Errors meaning "nobody listens there" (also inside Node's happy-eyeballs AggregateError). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'CONNECTION_REFUSED',
]);

function errorCodes(err: unknown): string[] {
  if (typeof err !== 'object' || err === null) return [];
  const own = 'code' in err && typeof err.code === 'string' ? [err.code] : [];
  const nested = err instanceof AggregateError ? err.errors.flatMap(errorCodes) : [];
  return [...own, ...nested];
}

function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return messageOf(err.errors[0]);
  return err instanceof Error ? err.message || err.name : String(err);
}

function isUnreachable(err: unknown): boolean {
  const message = messageOf(err).toLowerCase();
  return (
    errorCodes(err).some((c) => UNREACHABLE_CODES.has(c)) ||
    message.includes('timeout') ||
    message.includes('timed out') ||
    message.includes('connection terminated')
  );
}

export async function probePostgres(url: string): Promise<ProbeResult> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { state: 'up' };
  } catch (err) {
    const codes = errorCodes(err);
    // The server answered: the database itself is created by `npm run migrate`.
    if (codes.includes('3D000'))
      return { state: 'up', note: 'database not created yet; migrate creates it' };
    if (codes.includes('57P03')) return { state: 'starting', reason: messageOf(err) };
    if (isUnreachable(err)) return { state: 'down', reason: messageOf(err) };
    return {
      state: 'broken',
      reason: messageOf(err),
      hint: 'check DATABASE_URL (user, password) and pg_hba.conf; development expects trust auth on 127.0.0.1',
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(url: string): Promise<ProbeResult> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return { state: 'up' };
  } catch (err) {
    const message = messageOf(err);
    if (message.startsWith('LOADING')) return { state: 'starting', reason: message };
    if (isUnreachable(err) || message.includes('Connection is closed'))
      return { state: 'down', reason: 'not answering' };
    return { state: 'broken', reason: message, hint: 'check REDIS_URL (password, TLS)' };
  } finally {
    redis.disconnect();
  }
}

export async function probeNats(servers: string): Promise<ProbeResult> {
  let nc: Awaited<ReturnType<typeof connectNats>>;
  try {
    nc = await connectNats({
      servers,
      timeout: PROBE_TIMEOUT_MS,
      reconnect: false,
      name: 'trafficshare-start-probe',
    });
  } catch (err) {
    if (isUnreachable(err)) return { state: 'down', reason: messageOf(err) };
    return { state: 'broken', reason: messageOf(err), hint: 'check NATS_URL (credentials, TLS)' };
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout: PROBE_TIMEOUT_MS });
    await jsm.getAccountInfo();
    return { state: 'up', note: 'JetStream enabled' };
  } catch (err) {
    const jetstreamOff =
      errorCodes(err).includes('503') || /jetstream not enabled/i.test(messageOf(err));
    return {
      state: 'broken',
      reason: jetstreamOff ? 'NATS answers but JetStream is not enabled' : messageOf(err),
      hint: jetstreamOff
        ? 'restart nats-server with -js (and a store dir, e.g. -sd /var/lib/nats-server)'
        : 'check the NATS account has JetStream access',
    };
  } finally {
    await nc.close().catch(() => undefined);
  }
}
