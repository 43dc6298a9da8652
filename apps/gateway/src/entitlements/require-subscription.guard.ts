import {
  applyDecorators,
  HttpException,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { narrowClient } from '../grpc-clients/narrow-client';
import { EntitlementsCache, type Entitlements } from './entitlements-cache';

export const REQUIRED_MODEL = 'ts:requiredModel';

/** The one RPC the guard calls (exported by EntitlementsModule: guards run in the route's module). */
export const EntitlementsCheck = narrowClient('auth', ['checkEntitlements']);

/** `@RequireSubscription('premium')`: the route needs an active subscription to that model. */
export const RequireSubscription = (model: string): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_MODEL, model), UseGuards(SubscriptionGuard));

/**
 * requireSubscription. Fast path: the AuthGuard's single MGET already read the
 * user's current subscription_version; when this instance cached the user's models for that
 * very version, the check is an integer comparison. Otherwise (first use, a grant or revoke
 * bumped the version, an expiry passed) auth-svc answers from Postgres and the cache is
 * refilled. A token whose `ver` is older than the current version gets
 * `X-Subscription-Version` so the client refetches /api/auth/my-subscriptions (self-healing).
 */
@Injectable()
export class SubscriptionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: EntitlementsCache,
    @Inject(EntitlementsCheck.token) private readonly auth: typeof EntitlementsCheck.type,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const model = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_MODEL, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!model) return true;
    const request = ctx.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const { sub, ver } = request.user;
    const entry = this.cache.fresh(sub, request.entitlementVersion) ?? (await this.load(request));
    if (entry.version !== ver) void reply.header('x-subscription-version', String(entry.version));
    if (!entry.models.has(model)) {
      throw new HttpException(
        {
          status: 'error',
          code: 'subscription_required',
          message: `This feature needs the ${model} subscription`,
          model_id: model,
        },
        403,
      );
    }
    return true;
  }

  private async load(request: FastifyRequest & AuthenticatedRequest): Promise<Entitlements> {
    const res = await this.auth.checkEntitlements(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return this.cache.set(request.user.sub, {
      version: res.version,
      models: new Set(res.modelIds),
      validUntil: res.validUntil ? Date.parse(res.validUntil) : 0,
    });
  }
}
