import { Injectable } from '@nestjs/common';

import { commonNames, type auth } from '@trafficshare/contracts';
import { roleToProto, type UserId } from '@trafficshare/identity';

import { UsersException } from '../users/users.exception';
import { UsersRepository } from '../users/users.repository';

/** GET /api/user/profile: one prepared query (the hot authenticated read of the bench). */
@Injectable()
export class ProfileService {
  constructor(private readonly users: UsersRepository) {}

  async get(owner: UserId): Promise<auth.GetProfileResponse> {
    const u = await this.users.profile(owner);
    if (!u) throw UsersException.notFound();
    return {
      telegramId: u.telegramId,
      username: u.username ?? '',
      firstName: u.firstName,
      lastName: u.lastName ?? '',
      photoUrl: u.photoUrl ?? '',
      role: roleToProto(u.role),
      authDate: u.authDate?.toISOString() ?? '',
      twoFactorEnabled: u.twoFactorEnabled,
      lastLoginIp: u.lastLoginIp ?? '',
      lastLoginDevice: u.lastLoginDevice ?? '',
      language: commonNames.language.parse(u.language) ?? commonNames.language.toProto('en'),
      subscriptionVersion: u.subscriptionVersion,
    };
  }
}
