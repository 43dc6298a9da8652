import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { AdminLogsService } from './admin-logs.service';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class AdminLogsGrpcController implements Pick<auth.AuthServiceController, 'listAdminLogs'> {
  constructor(private readonly logs: AdminLogsService) {}

  /** Superadmins only (checked in the service). */
  listAdminLogs(req: auth.ListAdminLogsRequest): Promise<auth.ListAdminLogsResponse> {
    const { caller, ...rest } = req;
    return this.logs.list(callerOf(caller), rest);
  }
}
