// `admin-summary`: GET /api/admin/dashboard/summary with a large database behind it, then the CSV
// export of every transaction. Preparation seeds (once; later runs find the rows and skip)
// 1,000,000 ledger transactions over 100,000 users and the 100,000 users in auth — bulk SQL into
// the owning services' schemas, the bench's own setup and nothing the services do — and mints
// superadmin tokens with the development JWT key. Teardown streams the CSV export of the whole
// seeded period through the gateway and logs its rows/s.
//
// Env: DATABASE_URL (default the platform's), BENCH_DB_SCHEMA_PREFIX (the stack's
// DB_SCHEMA_PREFIX), BENCH_TRANSACTIONS (1,000,000), BENCH_USERS (100,000), BENCH_EXPORT=0 skips
// the export, JWT_PRIVATE_KEY (else .secrets.env).

import { Client } from 'pg';

import { devSecrets, mintAccessToken } from '../../simulate/credentials';
import type { Scenario } from '../scenario';

const BASE_USER = 5_100_000_000;
const SEED_TAG = 'bench-admin';
const DAY_MS = 86_400_000;
/** Distinct superadmins the load rotates through (rate limits are per user). */
const ADMINS = 500;

async function seed(log: (m: string) => void): Promise<{ transactions: number; users: number }> {
  const prefix = process.env.BENCH_DB_SCHEMA_PREFIX ?? '';
  const users = Number(process.env.BENCH_USERS ?? 100_000);
  const transactions = Number(process.env.BENCH_TRANSACTIONS ?? 1_000_000);
  const auth = `"${prefix}auth"`;
  const ledger = `"${prefix}ledger"`;
  const db = new Client({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/trafficshare',
  });
  await db.connect();
  try {
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);
    const haveUsers = await count(
      `SELECT count(*) AS n FROM ${auth}.users WHERE telegram_id > ${BASE_USER} AND telegram_id <= ${BASE_USER + users}`,
    );
    if (haveUsers < users) {
      const t0 = Date.now();
      // Created over the last 90 days in insertion order (as a live table fills); a third
      // logged in recently.
      await db.query(
        `INSERT INTO ${auth}.users (telegram_id, username, first_name, created_at, updated_at, auth_date)
         SELECT ${BASE_USER} + g, 'bench_' || g, 'Bench',
                now() - interval '90 days' + g * (interval '90 days' / $1::int), now(),
                CASE WHEN g % 3 = 0 THEN now() - ((g % 30) * interval '1 day') END
         FROM generate_series(1, $1::int) g
         ON CONFLICT DO NOTHING`,
        [users],
      );
      log(`seeded ${users.toLocaleString('en-US')} users in auth in ${Date.now() - t0} ms`);
    }
    const haveTransfers = await count(
      `SELECT count(*) AS n FROM ${ledger}.transfers WHERE reference = '${SEED_TAG}'`,
    );
    if (haveTransfers < transactions) {
      const t0 = Date.now();
      await db.query(
        `INSERT INTO ${ledger}.accounts (code, kind, telegram_id)
         SELECT 'user:' || u || ':' || k, 'user_' || k, u
         FROM generate_series(${BASE_USER + 1}::bigint, ${BASE_USER + users}::bigint) AS u
         CROSS JOIN (VALUES ('available'), ('held')) AS kinds(k)
         ON CONFLICT DO NOTHING`,
      );
      const expense = await db.query<{ id: string }>(
        `SELECT id FROM ${ledger}.accounts WHERE code = 'platform:traffic_expense'`,
      );
      if (!expense.rows[0]) throw new Error('ledger has no platform:traffic_expense account');
      const chunk = 50_000;
      // Income transfers over the last 90 days in time order, so a day's rows sit together on
      // disk as they do in a live ledger (statement-level trigger: entries and balances).
      for (let start = haveTransfers; start < transactions; start += chunk) {
        await db.query(
          `INSERT INTO ${ledger}.transfers (id, kind, status, telegram_id, debit_account_id, credit_account_id,
                                             amount, reference, note, milli_mb, created_at, updated_at)
           SELECT 'bench-income-' || g, 'income', 'posted', a.telegram_id, $3, a.id,
                  1000 + (g * 7919) % 90000, '${SEED_TAG}', 'Traffic income', 500 + (g * 31) % 50000,
                  now() - interval '90 days' + g * (interval '90 days' / $5::int), now()
           FROM generate_series($1::bigint, $2::bigint) g
           JOIN ${ledger}.accounts a
             ON a.telegram_id = ${BASE_USER} + 1 + (g % $4::int) AND a.kind = 'user_available'
           ON CONFLICT DO NOTHING`,
          [
            start,
            Math.min(start + chunk, transactions) - 1,
            expense.rows[0].id,
            users,
            transactions,
          ],
        );
        log(`ledger: ${Math.min(start + chunk, transactions).toLocaleString('en-US')} transfers`);
      }
      log(`seeded ${transactions.toLocaleString('en-US')} transfers in ${Date.now() - t0} ms`);
    }
    // What autovacuum would have done by now on a live database: the bulk insert left every
    // account updated a million times (dead rows) and no visibility map.
    for (const table of [`${ledger}.accounts`, `${ledger}.transfers`, `${auth}.users`]) {
      await db.query(`VACUUM ANALYZE ${table}`);
    }
    return {
      transactions: await count(`SELECT count(*) AS n FROM ${ledger}.transfers`),
      users: await count(`SELECT count(*) AS n FROM ${auth}.users`),
    };
  } finally {
    await db.end();
  }
}

/** Streams the CSV export of `from`..`to` and counts its rows as they arrive. */
async function exportCsv(
  baseUrl: string,
  token: string,
  from: string,
  to: string,
): Promise<{ rows: number; bytes: number; ms: number; firstByteMs: number }> {
  const t0 = performance.now();
  const res = await fetch(
    `${baseUrl}/api/admin/reports/export?type=csv&report=transactions&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let firstByteMs = 0;
  let rows = -1; // the header line
  let bytes = 0;
  for await (const chunk of res.body) {
    if (firstByteMs === 0) firstByteMs = performance.now() - t0;
    const buf = chunk as Uint8Array;
    bytes += buf.length;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) rows += 1;
  }
  return { rows, bytes, ms: performance.now() - t0, firstByteMs };
}

export const adminSummary: Scenario = {
  name: 'admin-summary',
  description:
    'GET /api/admin/dashboard/summary over 1,000,000 transactions and 100,000 users (seeded once), then the transactions CSV export (rows/s)',
  prepare: async ({ baseUrl, log }) => {
    const key = process.env.JWT_PRIVATE_KEY ?? devSecrets().JWT_PRIVATE_KEY;
    if (!key)
      throw new Error('admin-summary needs JWT_PRIVATE_KEY (or .secrets.env) to mint admin tokens');
    const sizes = await seed(log);
    log(
      `database: ${sizes.transactions.toLocaleString('en-US')} transfers, ${sizes.users.toLocaleString('en-US')} users`,
    );
    const tokens = Array.from({ length: ADMINS }, (_, i) =>
      mintAccessToken(key, 990_000_000 + i, 'superadmin', 3 * 3600),
    );
    const probe = await fetch(`${baseUrl}/api/admin/dashboard/summary`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    const body = (await probe.json()) as { degraded?: string[]; users?: { total?: number } };
    log(
      `summary probe: ${probe.status}, users.total ${body.users?.total}, degraded ${JSON.stringify(body.degraded)}`,
    );
    let n = 0;
    return {
      next: () => ({
        method: 'GET',
        path: '/api/admin/dashboard/summary',
        headers: { authorization: `Bearer ${tokens[n++ % tokens.length]}` },
      }),
      expectedStatuses: [200],
      teardown: async () => {
        if (process.env.BENCH_EXPORT === '0') return;
        const to = new Date(Date.now() + 3_600_000).toISOString();
        const from = new Date(Date.now() - 91 * DAY_MS).toISOString();
        log(`exporting every transaction of ${from} .. ${to} as CSV`);
        const r = await exportCsv(baseUrl, tokens[ADMINS - 1], from, to);
        log(
          `CSV export: ${r.rows.toLocaleString('en-US')} rows, ${(r.bytes / 1_048_576).toFixed(1)} MiB in ${(r.ms / 1000).toFixed(1)} s = ${Math.round((r.rows * 1000) / r.ms).toLocaleString('en-US')} rows/s (first byte after ${Math.round(r.firstByteMs)} ms)`,
        );
      },
    };
  },
};
