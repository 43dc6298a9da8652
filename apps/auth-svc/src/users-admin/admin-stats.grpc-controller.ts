import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { AuthAdminStatsService } from './admin-stats.service';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class AuthAdminStatsGrpcController implements Pick<
  auth.AuthServiceController,
  'getAdminStats' | 'exportUsers'
> {
  constructor(private readonly stats: AuthAdminStatsService) {}

  /** Admins only (checked in the service). */
  getAdminStats(req: auth.GetAdminStatsRequest): Promise<auth.GetAdminStatsResponse> {
    return this.stats.stats(callerOf(req.caller), req.days);
  }

  /** Admins only (checked in the service). */
  exportUsers(req: auth.ExportUsersRequest): Promise<auth.ExportUsersResponse> {
    return this.stats.exportUsers(callerOf(req.caller), req);
  }
}
