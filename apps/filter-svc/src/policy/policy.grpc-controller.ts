import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { superadmin } from '../common/superadmin';
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

  getPolicy(r: filter.GetPolicyRequest): filter.GetPolicyResponse {
    superadmin(r.caller);
    return { policy: this.presenter.toProto(this.policy.current()) };
  }

  async patchPolicy(r: filter.PatchPolicyRequest): Promise<filter.PatchPolicyResponse> {
    const admin = superadmin(r.caller);
    const changed = await this.policy.patch(
      admin.telegramId,
      this.presenter.changesOf(r),
      r.note,
      r.expectedVersion,
    );
    return { policy: this.presenter.toProto(changed) };
  }
}
