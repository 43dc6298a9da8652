import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { superadmin } from '../common/superadmin';
import { AuditService } from './audit.service';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class AuditGrpcController implements Pick<
  filter.FilterServiceController,
  'getSessionAudit'
> {
  constructor(private readonly audit: AuditService) {}

  getSessionAudit(r: filter.GetSessionAuditRequest): Promise<filter.GetSessionAuditResponse> {
    superadmin(r.caller);
    return this.audit.bySession(r.sessionId);
  }
}
