import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { AccessClaims, AuthenticatedRequest } from '../auth/auth.types';

/** The verified access-token claims of the caller (routes behind the AuthGuard only). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AccessClaims =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
