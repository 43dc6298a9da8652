import { Injectable } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { callerOf, requireRole } from '@trafficshare/identity';

import { NotifyErrorCode as Code, NotifyException } from '../common/notify.exception';
import { DevicesRepository } from '../devices/devices.repository';
import { PushJobs, type PushJobRow } from '../push/push-jobs';
import {
  NotificationsRepository,
  type AckColumn,
  type NotificationRow,
} from './notifications.repository';

const PLATFORMS: Partial<Record<notify.Platform, string>> = {
  [notify.Platform.PLATFORM_ANDROID]: 'android',
  [notify.Platform.PLATFORM_IOS]: 'ios',
  [notify.Platform.PLATFORM_WEB]: 'web',
};
const ACK_COLUMNS: Partial<Record<notify.AckKind, AckColumn>> = {
  [notify.AckKind.ACK_KIND_DELIVERED]: 'delivered_at',
  [notify.AckKind.ACK_KIND_OPENED]: 'opened_at',
  [notify.AckKind.ACK_KIND_READ]: 'read_at',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const DAY_MS = 86_400_000;

const iso = (d: Date | null): string => (d ? d.toISOString() : '');

function toProto(n: NotificationRow): notify.Notification {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    createdAt: iso(n.created_at),
    deliveredAt: iso(n.delivered_at),
    openedAt: iso(n.opened_at),
    readAt: iso(n.read_at),
  };
}

/** Devices, a user's notifications, and the admin's push. Every call checks the caller. */
@Injectable()
export class NotifyService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly jobs: PushJobs,
  ) {}

  async register(req: notify.RegisterDeviceRequest): Promise<notify.RegisterDeviceResponse> {
    const caller = callerOf(req.caller);
    if (!req.deviceId || req.deviceId.length > 128 || CONTROL.test(req.deviceId))
      throw new NotifyException(Code.InvalidDevice, 'device_id must be 1-128 printable characters');
    if (
      req.fcmToken.length < 20 ||
      req.fcmToken.length > 4096 ||
      /\s/.test(req.fcmToken) ||
      CONTROL.test(req.fcmToken)
    )
      throw new NotifyException(Code.InvalidToken, 'fcm_token must be an FCM registration token');
    const platform = PLATFORMS[req.platform];
    if (!platform)
      throw new NotifyException(Code.InvalidPlatform, 'platform must be android, ios or web');
    const now = new Date();
    const created = await this.devices.upsert(
      caller.telegramId,
      {
        fcmToken: req.fcmToken,
        deviceId: req.deviceId,
        platform,
        notificationsEnabled: req.notificationsEnabled,
      },
      now,
    );
    return { created, registeredAt: now.toISOString() };
  }

  async list(req: notify.ListNotificationsRequest): Promise<notify.ListNotificationsResponse> {
    const caller = callerOf(req.caller);
    const limit = Math.min(Math.max(req.limit || 20, 1), 100);
    const offset = Math.max(req.offset, 0);
    const page = await this.notifications.list(caller.telegramId, limit, offset, req.unreadOnly);
    return { notifications: page.rows.map(toProto), total: page.total, unread: page.unread };
  }

  async ack(req: notify.AckNotificationsRequest): Promise<notify.AckNotificationsResponse> {
    const caller = callerOf(req.caller);
    const column = ACK_COLUMNS[req.kind];
    if (!column)
      throw new NotifyException(Code.InvalidAck, 'kind must be delivered, opened or read');
    if (
      !req.all &&
      (req.ids.length === 0 || req.ids.length > 100 || !req.ids.every((id) => UUID.test(id)))
    )
      throw new NotifyException(
        Code.InvalidIds,
        'ids must be 1-100 notification ids (or all: true)',
      );
    const updated = await this.notifications.ack(
      caller.telegramId,
      req.all ? 'all' : req.ids,
      column,
      new Date(),
    );
    return { updated, unread: await this.notifications.unread(caller.telegramId) };
  }

  /** Admin push to a segment: a job (push-jobs.ts), answered done or in progress. */
  async sendPush(req: notify.SendPushRequest): Promise<notify.SendPushResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const title = req.title.trim();
    const body = req.body.trim();
    if (!req.silent && (!title || title.length > 200 || !body || body.length > 2000))
      throw new NotifyException(Code.InvalidPush, 'title (≤ 200) and body (≤ 2000) are required');
    const seg = req.segment;
    const job = await this.jobs.create(caller, {
      title,
      body,
      silent: req.silent,
      data: req.data,
      activeSince: seg?.activeDays
        ? new Date(Date.now() - seg.activeDays * DAY_MS).toISOString()
        : null,
      platform: (seg?.platform && PLATFORMS[seg.platform]) || null,
      owners: seg?.telegramIds.length ? seg.telegramIds.map(Number) : null,
    });
    return {
      sent: job.sent,
      failed: job.failed,
      removedTokens: job.deleted,
      job: pushJobProto(job),
    };
  }

  async getPushJob(req: notify.GetPushJobRequest): Promise<notify.GetPushJobResponse> {
    requireRole(callerOf(req.caller), 'superadmin');
    const job = UUID.test(req.id) ? await this.jobs.get(req.id) : undefined;
    if (!job) throw new NotifyException(Code.PushJobNotFound, 'no such push job');
    return { job: pushJobProto(job) };
  }
}

function pushJobProto(job: PushJobRow): notify.PushJob {
  return {
    id: job.id,
    status: job.status,
    sent: job.sent,
    failed: job.failed,
    deleted: job.deleted,
    total: job.total,
    createdAt: iso(job.created_at),
    finishedAt: iso(job.finished_at),
  };
}
