import { Controller } from '@nestjs/common';

import { filter, filterNames } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { superadmin } from '../common/superadmin';
import { WhitelistService } from './whitelist.service';

/** asn | ip; '' for a value that names neither (refused as an invalid entry). */
const entryType = (t: filter.WhitelistEntryType): string =>
  filterNames.whitelistEntryType.toNameOr(t, '');

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class WhitelistGrpcController implements Pick<
  filter.FilterServiceController,
  'listWhitelist' | 'addWhitelistEntry' | 'removeWhitelistEntry'
> {
  constructor(private readonly whitelist: WhitelistService) {}

  listWhitelist(r: filter.ListWhitelistRequest): filter.ListWhitelistResponse {
    superadmin(r.caller);
    return this.whitelist.list();
  }

  addWhitelistEntry(r: filter.AddWhitelistEntryRequest): Promise<filter.AddWhitelistEntryResponse> {
    const admin = superadmin(r.caller);
    return this.whitelist.add(admin.telegramId, entryType(r.type), r.value, r.note);
  }

  removeWhitelistEntry(
    r: filter.RemoveWhitelistEntryRequest,
  ): Promise<filter.RemoveWhitelistEntryResponse> {
    const admin = superadmin(r.caller);
    return this.whitelist.remove(admin.telegramId, entryType(r.type), r.value, r.note);
  }
}
