import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { AdminAuditService } from './admin-audit.service';

/** Superadmins only (checked in the service). */
@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class AdminAuditGrpcController implements Pick<
  auth.AuthServiceController,
  'listAdminAudit' | 'verifyAdminAudit'
> {
  constructor(private readonly audit: AdminAuditService) {}

  listAdminAudit(req: auth.ListAdminAuditRequest): Promise<auth.ListAdminAuditResponse> {
    return this.audit.list(callerOf(req.caller), req);
  }

  verifyAdminAudit(req: auth.VerifyAdminAuditRequest): Promise<auth.VerifyAdminAuditResponse> {
    return this.audit.verify(callerOf(req.caller));
  }
}
