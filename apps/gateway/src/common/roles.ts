import {
  HttpException,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { AccessClaims, AuthenticatedRequest, Role } from '../auth/auth.types';

export const ROLES = 'ts:roles';

/** Restricts a route (or controller) to these roles, e.g. `@Roles('superadmin')`. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

export const ADMIN_ROLES: Role[] = ['superadmin', 'moderator'];

/** Global guard after the AuthGuard: enforces @Roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = ctx.switchToHttp().getRequest<Partial<AuthenticatedRequest>>().user;
    if (!user || !roles.includes(user.role)) {
      throw new HttpException(
        {
          status: 'error',
          code: 'forbidden',
          message: `This action needs the ${roles.join(' or ')} role`,
        },
        403,
      );
    }
    return true;
  }
}

/** A route taking `:telegram_id` serves the caller's own id, or anyone's to an admin (no IDOR). */
export function assertSelfOrAdmin(user: AccessClaims, telegramId: string): void {
  if (user.sub === telegramId || ADMIN_ROLES.includes(user.role)) return;
  throw new HttpException(
    { status: 'error', code: 'forbidden', message: 'You can only reach your own data' },
    403,
  );
}
