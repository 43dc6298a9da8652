import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import { preparedQuery } from '@trafficshare/database';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { RequestException, RequestExceptionCode } from '../common/request.exception';

interface ProfileRow {
  telegram_id: string;
  username: string | null;
  first_name: string;
  last_name: string | null;
  photo_url: string | null;
  role: string;
  auth_date: Date | null;
  last_login_ip: string | null;
  last_login_device: string | null;
  language: string;
  subscription_version: number;
  two_factor_enabled: boolean;
}

/** GET /api/user/profile in one query (the hot authenticated read of the bench). */
@Injectable()
export class ProfileService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async get(telegramId: number): Promise<auth.GetProfileResponse> {
    const rows = await preparedQuery<ProfileRow>(
      this.ds,
      'auth_profile_v1',
      `SELECT u.telegram_id, u.username, u.first_name, u.last_name, u.photo_url, u.role, u.auth_date,
              u.last_login_ip, u.last_login_device, u.language, u.subscription_version,
              coalesce(t.enabled, false) AS two_factor_enabled
       FROM users u LEFT JOIN two_factor t ON t.telegram_id = u.telegram_id
       WHERE u.telegram_id = $1`,
      [telegramId],
    );
    const u = rows[0];
    if (!u) throw new RequestException(RequestExceptionCode.UserNotFound, 'User not found');
    return {
      telegramId: Number(u.telegram_id),
      username: u.username ?? '',
      firstName: u.first_name,
      lastName: u.last_name ?? '',
      photoUrl: u.photo_url ?? '',
      role: u.role,
      authDate: u.auth_date?.toISOString() ?? '',
      twoFactorEnabled: u.two_factor_enabled,
      lastLoginIp: u.last_login_ip ?? '',
      lastLoginDevice: u.last_login_device ?? '',
      language: u.language,
      subscriptionVersion: u.subscription_version,
    };
  }
}
