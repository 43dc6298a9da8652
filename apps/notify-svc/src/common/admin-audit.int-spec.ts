import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { SERVICES } from '@trafficshare/config';
import { common, type notify } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import { decodeEvent } from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  startApp,
  TEST_DATABASE_URL,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';

/** The domain error code a call failed with ('resolved' when it did not fail). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const code = (err as { metadata?: { get(k: string): unknown[] } }).metadata?.get(
      'ts-error-code',
    )?.[0];
    return typeof code === 'string' ? code : 'unknown';
  }
  return 'resolved';
}

const caller = (telegramId: number, role = common.Role.ROLE_USER): common.Caller => ({
  telegramId,
  role,
  sessionId: randomUUID(),
  ip: '203.0.113.7',
  userAgent: 'notify-audit-int-spec',
});

// notify-svc's admin actions in the platform's audit trail: each one publishes
// AdminActionRecorded through the outbox in its own transaction (auth-svc chains them); a
// refused or failed action publishes nothing. Real Postgres, Redis and JetStream.
describe('notify-svc admin actions → AdminActionRecorded', () => {
  let ctx: TestContext;
  let service: RunningService;
  let grpc: GrpcClientHandle<notify.NotifyServiceClient>;
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  const base = 9_600_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const [admin, alice] = [base + 1, base + 2];
  const superadmin = caller(admin, common.Role.ROLE_SUPERADMIN);

  beforeAll(async () => {
    ctx = createTestContext('notify_audit');
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FCM_MODE: 'sandbox',
      LEDGER_GRPC_URL: '127.0.0.1:1',
      SUPPORT_RATE_LIMIT_S: '0',
    });
    grpc = createGrpcClient<notify.NotifyServiceClient>(SERVICES['notify-svc'], {
      address: service.grpcAddress,
      deadlineMs: 20_000,
    });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    grpc?.close();
    await db.end();
    await service?.stop();
    await ctx?.cleanup();
  }, 30_000);

  const audited = async () =>
    (
      await db.query<{ payload: Buffer }>(
        `SELECT payload FROM "${ctx.schema('notify')}".outbox
         WHERE event_type = 'AdminActionRecorded' ORDER BY created_at, id`,
      )
    ).rows.map((r) => decodeEvent('AdminActionRecorded', r.payload));

  it('announcements, push jobs, support replies and closes are audited; refusals are not', async () => {
    const c = grpc.client;
    // Refused: a moderator, a user, an unknown announcement.
    const refused = [
      c.createAnnouncement({
        caller: caller(base + 3, common.Role.ROLE_MODERATOR),
        title: 'x',
        description: '',
        imageUrl: '',
        link: '',
        push: false,
        publishAt: '',
      }),
      c.sendPush({
        caller: caller(alice),
        title: 't',
        body: 'b',
        segment: undefined,
        silent: false,
        data: {},
      }),
      c.deleteAnnouncement({ caller: superadmin, id: randomUUID() }),
    ];
    for (const r of refused) await expect(r).rejects.toThrow();
    expect(await audited()).toEqual([]);

    const { announcement } = await c.createAnnouncement({
      caller: superadmin,
      title: 'New payout day',
      description: 'Payouts on Friday',
      imageUrl: '',
      link: '',
      push: false,
      publishAt: '',
    });
    const created = announcement!;
    await c.updateAnnouncement({ caller: superadmin, id: created.id, title: 'Payout day' });
    await c.deleteAnnouncement({ caller: superadmin, id: created.id });
    const push = await c.sendPush({
      caller: superadmin,
      title: 'Maintenance tonight',
      body: 'Back at 02:00',
      segment: { activeDays: 0, platform: 0, telegramIds: [alice] },
      silent: false,
      data: {},
    });
    const sent = await c.sendSupportRequest({
      caller: caller(alice),
      subject: 'Withdrawal',
      message: 'Where is my payout?',
      attachment: undefined,
    });
    const ticket = sent.ticket!.id;
    const long = `Sent today. ${'x'.repeat(600)}`;
    await c.replySupportTicket({ caller: superadmin, id: ticket, message: long });
    await c.closeSupportTicket({ caller: superadmin, id: ticket });
    await c.closeSupportTicket({ caller: superadmin, id: ticket }); // already closed: no action

    const events = await audited();
    expect(events.map((e) => [e.service, e.actorId, e.action, e.target, e.ip])).toEqual([
      ['notify-svc', admin, 'news.create', `announcement:${created.id}`, '203.0.113.7'],
      ['notify-svc', admin, 'news.update', `announcement:${created.id}`, '203.0.113.7'],
      ['notify-svc', admin, 'news.delete', `announcement:${created.id}`, '203.0.113.7'],
      ['notify-svc', admin, 'push.send', `push_job:${push.job!.id}`, '203.0.113.7'],
      ['notify-svc', admin, 'support.reply', `ticket:${ticket}`, '203.0.113.7'],
      ['notify-svc', admin, 'support.close', `ticket:${ticket}`, '203.0.113.7'],
    ]);
    const details = events.map((e) => JSON.parse(e.detailsJson) as Record<string, unknown>);
    expect(details[0]).toMatchObject({ title: 'New payout day', push: false });
    expect(details[1]).toMatchObject({ title: 'Payout day', changed: 'title' });
    expect(details[3]).toMatchObject({ title: 'Maintenance tonight', users: 1 });
    // A reply's text is clipped in the audit: it says what happened, the ticket holds the text.
    expect(details[4]).toMatchObject({ owner: alice });
    expect(String(details[4].message).length).toBeLessThanOrEqual(201);
    expect(details[5]).toMatchObject({ owner: alice, was: 'replied' });
  }, 30_000);

  it('an action that fails in its transaction publishes nothing, even once its event was added', async () => {
    const c = grpc.client;
    const owner = base + 4;
    const before = (await audited()).length;
    const open = async (subject: string) =>
      (
        await c.sendSupportRequest({
          caller: caller(owner),
          subject,
          message: 'Help',
          attachment: undefined,
        })
      ).ticket!.id;

    // Fails inside the transaction, before the event: an unknown announcement, a closed ticket.
    expect(
      await codeOf(c.updateAnnouncement({ caller: superadmin, id: randomUUID(), title: 'x' })),
    ).toBe('announcement_not_found');
    const closed = await open('Closed one');
    await c.closeSupportTicket({ caller: superadmin, id: closed });
    expect(
      await codeOf(c.replySupportTicket({ caller: superadmin, id: closed, message: 'Too late' })),
    ).toBe('support_ticket_closed');
    expect((await audited()).slice(before).map((e) => [e.action, e.target])).toEqual([
      ['support.close', `ticket:${closed}`],
    ]);

    // Fails after its event was added: the reply's in-app notification cannot be stored (a
    // trigger in this run's schema), so the reply, its status and its event roll back together.
    const ticket = await open('Rolled back');
    const s = `"${ctx.schema('notify')}"`;
    await db.query(
      `CREATE FUNCTION ${s}.refuse_notification() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
       CREATE TRIGGER refuse_notification BEFORE INSERT ON ${s}.notifications
         FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_notification();`,
    );
    try {
      expect(
        await codeOf(c.replySupportTicket({ caller: superadmin, id: ticket, message: 'Lost' })),
      ).not.toBe('resolved');
    } finally {
      await db.query(`DROP TRIGGER refuse_notification ON ${s}.notifications`);
    }
    const after = (await c.getSupportTicket({ caller: caller(owner), id: ticket })).ticket!;
    expect([after.status, after.replies.length]).toEqual(['new', 0]);
    expect((await audited()).slice(before + 1)).toEqual([]);

    // The same reply once the notification can be stored: published, exactly once.
    await c.replySupportTicket({ caller: superadmin, id: ticket, message: 'Found it' });
    expect((await audited()).slice(before + 1).map((e) => [e.action, e.target])).toEqual([
      ['support.reply', `ticket:${ticket}`],
    ]);
  }, 30_000);
});
