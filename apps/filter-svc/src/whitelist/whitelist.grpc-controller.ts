import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { WhitelistService } from './whitelist.service';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class WhitelistGrpcController implements Pick<
  filter.FilterServiceController,
  'listWhitelist' | 'addWhitelistEntry' | 'removeWhitelistEntry'
> {
  constructor(private readonly whitelist: WhitelistService) {}

  listWhitelist(): filter.ListWhitelistResponse {
    return this.whitelist.list();
  }

  addWhitelistEntry(r: filter.AddWhitelistEntryRequest): Promise<filter.AddWhitelistEntryResponse> {
    return this.whitelist.add(r.adminId, r.type, r.value, r.note);
  }

  removeWhitelistEntry(
    r: filter.RemoveWhitelistEntryRequest,
  ): Promise<filter.RemoveWhitelistEntryResponse> {
    return this.whitelist.remove(r.adminId, r.type, r.value, r.note);
  }
}
