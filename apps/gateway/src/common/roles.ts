import {
  HttpException,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { RoleName } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';

export const ROLES = 'ts:roles';

/** Restricts a route (or controller) to these roles, e.g. `@Roles('superadmin')`. */
export const Roles = (...roles: RoleName[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES, roles);

/** Global guard after the AuthGuard: enforces @Roles (the services check the role again). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<RoleName[] | undefined>(ROLES, [
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
