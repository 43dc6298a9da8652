import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';

import { AuditService } from './audit.service';

@Controller()
@filter.FilterServiceControllerMethods()
export class AuditGrpcController implements Pick<filter.FilterServiceController, 'getSessionAudit'> {
  constructor(private readonly audit: AuditService) {}

  getSessionAudit(r: filter.GetSessionAuditRequest): Promise<filter.GetSessionAuditResponse> {
    return this.audit.bySession(r.sessionId);
  }
}
