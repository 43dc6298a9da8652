import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { DecisionService } from './decision.service';
import { fromCheckRequest, fromDecideRequest } from './start-context';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class DecisionGrpcController implements Pick<
  filter.FilterServiceController,
  'decide' | 'check' | 'releaseIp'
> {
  constructor(private readonly decisions: DecisionService) {}

  async decide(r: filter.DecideRequest): Promise<filter.DecideResponse> {
    return { result: await this.decisions.decide(fromDecideRequest(r)) };
  }

  async check(r: filter.CheckRequest): Promise<filter.CheckResponse> {
    return { result: await this.decisions.decide(fromCheckRequest(r)) };
  }

  async releaseIp(r: filter.ReleaseIpRequest): Promise<filter.ReleaseIpResponse> {
    return { released: await this.decisions.releaseIp(r.deviceId, r.telegramId, r.sessionId) };
  }
}
