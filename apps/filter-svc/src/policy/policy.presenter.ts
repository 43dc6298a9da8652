import { Injectable } from '@nestjs/common';

import { commonNames, filterNames, type filter } from '@trafficshare/contracts';

import type { PolicyDocument } from './policy.document';
import type { ActivePolicy } from './policy.service';

/** Policy ⇄ proto messages. */
@Injectable()
export class PolicyPresenter {
  toProto(p: ActivePolicy): filter.Policy {
    const d = p.document;
    return {
      version: p.version,
      allowedRegions: d.allowed_regions,
      vpnScoreBlockThreshold: d.vpn_score_block_threshold,
      vpnScoreWarnThreshold: d.vpn_score_warn_threshold,
      blockIfProxy: d.block_if_proxy,
      blockDatacenter: d.block_datacenter,
      allowedNetworkTypes: d.allowed_network_types.map(
        (t) => commonNames.networkType.parse(t) ?? 0,
      ),
      adminWhitelistAsns: d.admin_whitelist_asns,
      allowlistedIps: d.allowlisted_ips,
      failureAction: filterNames.failureAction.parse(d.failure_action) ?? 0,
      maxStartAttemptsBeforeLock: d.max_start_attempts_before_lock,
      maxDevicesPerIp: d.max_devices_per_ip,
      cacheTtlIpS: d.cache_ttl_ip_s,
      adminBypass: true,
      updatedBy: p.createdBy ?? 0,
      updatedAt: p.createdAt.toISOString(),
      note: p.note,
    };
  }

  /** The fields a patch sets (unset optional fields and absent lists stay as they are). */
  changesOf(r: filter.PatchPolicyRequest): Partial<PolicyDocument> {
    const c: Record<string, unknown> = {};
    const set = (key: keyof PolicyDocument, value: unknown) => {
      if (value !== undefined && value !== null) c[key] = value;
    };
    set('allowed_regions', r.allowedRegions?.values);
    set('vpn_score_block_threshold', r.vpnScoreBlockThreshold);
    set('vpn_score_warn_threshold', r.vpnScoreWarnThreshold);
    set('block_if_proxy', r.blockIfProxy);
    set('block_datacenter', r.blockDatacenter);
    // Enums as the names the policy document holds; a value without one fails the schema.
    set(
      'allowed_network_types',
      r.allowedNetworkTypes?.values.map((t) => commonNames.networkType.toNameOr(t, String(t))),
    );
    set('admin_whitelist_asns', r.adminWhitelistAsns?.values.map(Number));
    set('allowlisted_ips', r.allowlistedIps?.values);
    set(
      'failure_action',
      r.failureAction === undefined
        ? undefined
        : filterNames.failureAction.toNameOr(r.failureAction, String(r.failureAction)),
    );
    set('max_start_attempts_before_lock', r.maxStartAttemptsBeforeLock);
    set('max_devices_per_ip', r.maxDevicesPerIp);
    set('cache_ttl_ip_s', r.cacheTtlIpS);
    // Validated by the policy schema in PolicyService.patch.
    return c;
  }
}
