import { Injectable } from '@nestjs/common';

import { FilterErrorCode, FilterException } from '../common/filter.exception';
import { parseCidr } from '../ip/ip-address';
import type { ActivePolicy } from '../policy/policy.service';
import { PolicyService } from '../policy/policy.service';

export interface WhitelistView {
  asns: number[];
  ips: string[];
  policyVersion: number;
}

/**
 * ADMIN_WHITELIST_ASNS and the IP allowlist. They are part of the policy, so every change is
 * a new policy version with the admin and note recorded.
 */
@Injectable()
export class WhitelistService {
  constructor(private readonly policy: PolicyService) {}

  list(): WhitelistView {
    return view(this.policy.current());
  }

  async add(adminId: number, type: string, value: string, note: string): Promise<WhitelistView> {
    const d = this.policy.current().document;
    const entry = parseEntry(type, value);
    const changed =
      entry.type === 'asn'
        ? await this.policy.patch(
            adminId,
            { admin_whitelist_asns: [...d.admin_whitelist_asns, entry.asn] },
            noteOf('add', entry, note),
          )
        : await this.policy.patch(
            adminId,
            { allowlisted_ips: [...d.allowlisted_ips, entry.ip] },
            noteOf('add', entry, note),
          );
    return view(changed);
  }

  async remove(adminId: number, type: string, value: string, note: string): Promise<WhitelistView> {
    const d = this.policy.current().document;
    const entry = parseEntry(type, value);
    const present =
      entry.type === 'asn'
        ? d.admin_whitelist_asns.includes(entry.asn)
        : d.allowlisted_ips.includes(entry.ip);
    if (!present) {
      throw new FilterException(
        FilterErrorCode.WhitelistEntryNotFound,
        `${type} ${value} is not whitelisted`,
      );
    }
    const changed =
      entry.type === 'asn'
        ? await this.policy.patch(
            adminId,
            { admin_whitelist_asns: d.admin_whitelist_asns.filter((a) => a !== entry.asn) },
            noteOf('remove', entry, note),
          )
        : await this.policy.patch(
            adminId,
            { allowlisted_ips: d.allowlisted_ips.filter((i) => i !== entry.ip) },
            noteOf('remove', entry, note),
          );
    return view(changed);
  }
}

type Entry = { type: 'asn'; asn: number } | { type: 'ip'; ip: string };

function parseEntry(type: string, value: string): Entry {
  if (type === 'asn') {
    const m = /^(?:AS)?(\d{1,10})$/i.exec(value.trim());
    const asn = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(asn) || asn < 1 || asn > 4_294_967_295) {
      throw new FilterException(
        FilterErrorCode.InvalidWhitelistEntry,
        'asn must be a number like 15169 or AS15169',
      );
    }
    return { type, asn };
  }
  if (type === 'ip') {
    if (!parseCidr(value)) {
      throw new FilterException(
        FilterErrorCode.InvalidWhitelistEntry,
        'ip must be an IPv4/IPv6 address or CIDR',
      );
    }
    return { type, ip: value.trim() };
  }
  throw new FilterException(FilterErrorCode.InvalidWhitelistEntry, 'type must be asn or ip');
}

function noteOf(action: string, e: Entry, note: string): string {
  const what = e.type === 'asn' ? `AS${e.asn}` : e.ip;
  return `whitelist ${action} ${e.type} ${what}${note ? `: ${note}` : ''}`;
}

function view(p: ActivePolicy): WhitelistView {
  return {
    asns: p.document.admin_whitelist_asns,
    ips: p.document.allowlisted_ips,
    policyVersion: p.version,
  };
}
