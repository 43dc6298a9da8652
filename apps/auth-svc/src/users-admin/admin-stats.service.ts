import { Injectable } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';
import { nextExportCursor, parseExportPage } from '@trafficshare/grpc';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { UsersErrorCode, UsersException } from '../users/users.exception';
import { AuthAdminStatsRepository } from './admin-stats.repository';
import { toSummary } from './users-admin.service';

const MAX_DAYS = 90;
const DAY_MS = 86_400_000;

/** The admin dashboard's users part: totals, new users and daily active users per UTC day. */
@Injectable()
export class AuthAdminStatsService {
  constructor(private readonly repo: AuthAdminStatsRepository) {}

  async stats(caller: CallerInfo, days: number): Promise<auth.GetAdminStatsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      throw new UsersException(UsersErrorCode.InvalidDays, `days must be 1-${MAX_DAYS}`);
    }
    const last = new Date().toISOString().slice(0, 10);
    const first = new Date(Date.parse(last) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const [totals, series] = await Promise.all([this.repo.totals(), this.repo.days(first, last)]);
    return {
      users: totals.users,
      bannedUsers: totals.banned,
      newUsersToday: series[series.length - 1]?.newUsers ?? 0,
      activeApiKeys: totals.activeApiKeys,
      apiKeysRelayedBytes: totals.relayedBytes,
      newUsers: series.map((d) => ({ date: d.date, count: d.newUsers })),
      activeUsers: series.map((d) => ({ date: d.date, count: d.activeUsers })),
    };
  }

  /** One page of the users export (reports): users created in [from, to), oldest first. */
  async exportUsers(
    caller: CallerInfo,
    r: auth.ExportUsersRequest,
  ): Promise<auth.ExportUsersResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    const q = parseExportPage(r);
    const page = await this.repo.exportPage(q);
    return {
      users: page.map((p) => toSummary(p.user)),
      next: nextExportCursor(page, q.limit, (p) => p.cursor),
    };
  }
}
