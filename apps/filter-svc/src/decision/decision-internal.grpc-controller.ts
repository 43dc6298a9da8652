import { Controller } from '@nestjs/common';

import { filterInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { toDecisionProto } from './decision.presenter';
import { DecisionService } from './decision.service';
import { fromDecideRequest } from './start-context';

/** FilterInternalService: the START filter itself, for telemetry-svc. */
@Controller()
@GrpcMethods(filterInternal.FILTER_INTERNAL_SERVICE_NAME)
export class DecisionInternalGrpcController implements Pick<
  filterInternal.FilterInternalServiceController,
  'decide' | 'releaseIp'
> {
  constructor(private readonly decisions: DecisionService) {}

  async decide(r: filterInternal.DecideRequest): Promise<filterInternal.DecideResponse> {
    return { result: toDecisionProto(await this.decisions.decide(fromDecideRequest(r))) };
  }

  async releaseIp(r: filterInternal.ReleaseIpRequest): Promise<filterInternal.ReleaseIpResponse> {
    return { released: await this.decisions.releaseIp(r.deviceId, r.telegramId, r.sessionId) };
  }
}
