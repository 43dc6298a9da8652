import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { PolicyPresenter } from './policy.presenter';
import { PolicyService } from './policy.service';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class PolicyGrpcController implements Pick<
  filter.FilterServiceController,
  'getPolicy' | 'patchPolicy'
> {
  constructor(
    private readonly policy: PolicyService,
    private readonly presenter: PolicyPresenter,
  ) {}

  getPolicy(): filter.GetPolicyResponse {
    return { policy: this.presenter.toProto(this.policy.current()) };
  }

  async patchPolicy(r: filter.PatchPolicyRequest): Promise<filter.PatchPolicyResponse> {
    const changed = await this.policy.patch(
      r.adminId,
      this.presenter.changesOf(r),
      r.note,
      r.expectedVersion,
    );
    return { policy: this.presenter.toProto(changed) };
  }
}
