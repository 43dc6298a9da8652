import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { superadmin } from '../common/superadmin';
import { toDecisionProto } from './decision.presenter';
import { DecisionService } from './decision.service';
import { fromCheckRequest } from './start-context';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class DecisionGrpcController implements Pick<filter.FilterServiceController, 'check'> {
  constructor(private readonly decisions: DecisionService) {}

  /** The admin dry run (superadmins). */
  async check(r: filter.CheckRequest): Promise<filter.CheckResponse> {
    const admin = superadmin(r.caller);
    return { result: toDecisionProto(await this.decisions.decide(fromCheckRequest(admin, r))) };
  }
}
