import { randomUUID } from 'node:crypto';

import { connect, headers as natsHeaders, type NatsConnection } from 'nats';

import { common, type events } from '@trafficshare/contracts';
import { encodeEvent, eventSubject } from '@trafficshare/messaging';
import { pollUntil } from '@trafficshare/testing';

import { failure, newUser, startAuthHarness, type AuthHarness } from '../test/auth-harness';

const caller = (role: common.Role): common.Caller => ({
  telegramId: 42,
  role,
  sessionId: 'sid-admin',
  ip: '127.0.0.1',
  userAgent: 'auth-int-spec',
});
const superadmin = caller(common.Role.ROLE_SUPERADMIN);

// The platform's admin audit chain against the real Postgres and NATS: auth-svc's own admin
// actions and other services' AdminActionRecorded events land in one hash chain; verify finds
// a row edited or deleted behind the triggers' back.
describe('auth-svc admin audit chain', () => {
  let h: AuthHarness;
  let nc: NatsConnection;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) =>
    h.service.context.dataSource.query<T[]>(q, p);
  const chain = `"${'%s'}"."admin_audit_chain"`;
  const t = () => chain.replace('%s', h.service.context.schema);

  const publish = async (e: events.AdminActionRecorded, id = randomUUID()) => {
    const hd = natsHeaders();
    hd.set('ts-event-id', id);
    hd.set('ts-event-type', 'AdminActionRecorded');
    hd.set('ts-occurred-at', e.occurredAt);
    await nc
      .jetstream()
      .publish(
        eventSubject(h.ctx.natsPrefix, 'AdminActionRecorded'),
        encodeEvent('AdminActionRecorded', e),
        { msgID: randomUUID(), headers: hd },
      );
    return id;
  };
  const count = async () =>
    Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${t()}`))[0].n);
  const list = (extra: Record<string, unknown> = {}) =>
    h.client.listAdminAudit({
      caller: superadmin,
      actorId: 0,
      action: '',
      target: '',
      from: '',
      to: '',
      beforeSeq: 0,
      limit: 50,
      ...extra,
    });
  const verify = () => h.client.verifyAdminAudit({ caller: superadmin });
  /** Edits the chain as someone with DDL rights could: with the append-only trigger off. */
  const tamper = async (statement: string) => {
    await sql(`ALTER TABLE ${t()} DISABLE TRIGGER USER`);
    try {
      await sql(statement);
    } finally {
      await sql(`ALTER TABLE ${t()} ENABLE TRIGGER USER`);
    }
  };

  beforeAll(async () => {
    h = await startAuthHarness('auth_admin_audit');
    nc = await connect({ servers: h.ctx.natsUrl, name: 'test-admin-audit' });
  }, 60_000);
  afterAll(async () => {
    await nc?.drain();
    await h?.stop();
  }, 30_000);

  it('auth’s own admin actions and other services’ events are chained in order; a duplicate event is appended once', async () => {
    const user = newUser();
    await h.login(user);
    await h.client.banUser({ caller: superadmin, telegramId: user, reason: 'spam' });
    await pollUntil(async () => (await count()) >= 1, { timeoutMs: 20_000 });
    const ledgerEvent: events.AdminActionRecorded = {
      service: 'ledger-svc',
      actorId: 42,
      action: 'balance.adjust',
      target: `user:${user}`,
      detailsJson: '{"note":"refund","amount_micro_usd":1500000}',
      ip: '10.0.0.9',
      occurredAt: new Date().toISOString(),
    };
    const id = await publish(ledgerEvent);
    await publish(ledgerEvent, id); // redelivered / republished: same event id
    await publish({
      ...ledgerEvent,
      service: 'payout-svc',
      action: 'withdraw.approve',
      target: 'withdraw:w1',
    });
    await pollUntil(async () => (await count()) >= 3, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toBe(3);

    const page = await list();
    expect(page.entries.map((e) => [e.seq, e.service, e.action])).toEqual([
      [3, 'payout-svc', 'withdraw.approve'],
      [2, 'ledger-svc', 'balance.adjust'],
      [1, 'auth-svc', 'admin.user.ban'],
    ]);
    expect(page.entries[2]).toMatchObject({ actorId: 42, target: `user:${user}` });
    // Details are stored as canonical JSON (keys sorted): the text the hash covers.
    expect(page.entries[1].detailsJson).toBe('{"amount_micro_usd":1500000,"note":"refund"}');
    expect(page.entries[1].prevHash).toBe(page.entries[2].hash);
    expect(page.entries[2].prevHash).toBe('0'.repeat(64));

    // Filters: admin, action (exact or prefix), target, time; paging by seq.
    expect((await list({ action: 'withdraw.' })).entries.map((e) => e.seq)).toEqual([3]);
    expect((await list({ target: `user:${user}` })).entries.map((e) => e.seq)).toEqual([2, 1]);
    expect((await list({ actorId: 7 })).entries).toEqual([]);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).entries).toEqual([]);
    const p1 = await list({ limit: 2 });
    expect(p1.entries.map((e) => e.seq)).toEqual([3, 2]);
    expect(p1.nextBeforeSeq).toBe(2);
    expect((await list({ limit: 2, beforeSeq: 2 })).entries.map((e) => e.seq)).toEqual([1]);

    expect(await verify()).toEqual({ ok: true, checked: 3, firstBadSeq: 0, reason: '' });
  }, 60_000);

  it('the database refuses UPDATE, DELETE and TRUNCATE of the chain', async () => {
    for (const statement of [
      `UPDATE ${t()} SET action = 'x' WHERE seq = 1`,
      `DELETE FROM ${t()} WHERE seq = 1`,
      `TRUNCATE ${t()}`,
    ]) {
      await expect(sql(statement)).rejects.toThrow(/append-only/);
    }
    expect(await count()).toBe(3);
  });

  it('verify names a row edited in SQL, then a deleted row, then a deleted newest row', async () => {
    await tamper(
      `UPDATE ${t()} SET details = '{"amount_micro_usd":9900000,"note":"refund"}' WHERE seq = 2`,
    );
    expect(await verify()).toEqual({
      ok: false,
      checked: 2,
      firstBadSeq: 2,
      reason: 'hash_mismatch',
    });
    // Put it back: the chain verifies again.
    await tamper(
      `UPDATE ${t()} SET details = '{"amount_micro_usd":1500000,"note":"refund"}' WHERE seq = 2`,
    );
    expect((await verify()).ok).toBe(true);

    // A new row on top, then delete one in the middle: the gap is named.
    await publish({
      service: 'filter-svc',
      actorId: 43,
      action: 'filter.review.approve',
      target: 'review:t1',
      detailsJson: '{}',
      ip: '',
      occurredAt: new Date().toISOString(),
    });
    await pollUntil(async () => (await count()) >= 4, { timeoutMs: 20_000 });
    expect(await verify()).toMatchObject({ ok: true, checked: 4 });
    await tamper(`DELETE FROM ${t()} WHERE seq = 2`);
    expect(await verify()).toEqual({
      ok: false,
      checked: 2,
      firstBadSeq: 2,
      reason: 'row_missing',
    });

    // Deleting the newest row is caught by the head, which points past it.
    await tamper(`DELETE FROM ${t()} WHERE seq > 2`);
    await tamper(`DELETE FROM ${t()} WHERE seq = 1`);
    expect(await verify()).toEqual({
      ok: false,
      checked: 0,
      firstBadSeq: 1,
      reason: 'row_missing',
    });
  }, 60_000);

  it('moderators and users are refused; a bad filter is invalid', async () => {
    for (const role of [common.Role.ROLE_MODERATOR, common.Role.ROLE_USER]) {
      expect(await failure(h.client.verifyAdminAudit({ caller: caller(role) }))).toMatchObject({
        status: 7,
      });
      expect(await failure(list({ caller: caller(role) }))).toMatchObject({ status: 7 });
    }
    expect(await failure(list({ limit: 0 }))).toEqual({ status: 3, code: 'invalid_filter' });
    expect(await failure(list({ from: 'yesterday' }))).toEqual({
      status: 3,
      code: 'invalid_filter',
    });
  });
});
