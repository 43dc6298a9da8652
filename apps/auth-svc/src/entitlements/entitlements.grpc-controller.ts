import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, requireRole, userId } from '@trafficshare/identity';

import { EntitlementsService } from './entitlements.service';

type Methods =
  | 'getMySubscriptions'
  | 'checkEntitlements'
  | 'grantSubscription'
  | 'revokeSubscription'
  | 'getSubscriptionHistory';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class EntitlementsGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly entitlements: EntitlementsService) {}

  getMySubscriptions(
    req: auth.GetMySubscriptionsRequest,
  ): Promise<auth.GetMySubscriptionsResponse> {
    return this.entitlements.mine(callerOf(req.caller).telegramId);
  }

  checkEntitlements(req: auth.CheckEntitlementsRequest): Promise<auth.CheckEntitlementsResponse> {
    return this.entitlements.check(callerOf(req.caller).telegramId);
  }

  grantSubscription(req: auth.GrantSubscriptionRequest): Promise<auth.GrantSubscriptionResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin', 'moderator');
    return this.entitlements.grant(
      caller,
      userId(req.telegramId),
      req.modelId,
      req.days,
      req.reason,
    );
  }

  revokeSubscription(
    req: auth.RevokeSubscriptionRequest,
  ): Promise<auth.RevokeSubscriptionResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin', 'moderator');
    return this.entitlements.revoke(caller, userId(req.telegramId), req.modelId, req.reason);
  }

  async getSubscriptionHistory(
    req: auth.GetSubscriptionHistoryRequest,
  ): Promise<auth.GetSubscriptionHistoryResponse> {
    requireRole(callerOf(req.caller), 'superadmin', 'moderator');
    const limit = Math.min(Math.max(req.limit || 50, 1), 100);
    return {
      history: await this.entitlements.history(
        userId(req.telegramId),
        limit,
        Math.max(req.offset, 0),
      ),
    };
  }
}
