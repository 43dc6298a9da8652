import { commonNames, filterNames, type common, type filter } from '@trafficshare/contracts';

import type {
  DecisionJson,
  PatchPolicyInput,
  PolicyJson,
  ReviewJson,
  WhitelistJson,
} from './admin-filter.contract';

export { auditJson } from '../../filter/filter.presenter';

// gRPC (camelCase) ⇄ HTTP JSON (snake_case).

export function policyJson(p: filter.Policy | undefined): PolicyJson {
  return {
    version: p?.version ?? 0,
    allowed_regions: p?.allowedRegions ?? [],
    vpn_score_block_threshold: p?.vpnScoreBlockThreshold ?? 0,
    vpn_score_warn_threshold: p?.vpnScoreWarnThreshold ?? 0,
    block_if_proxy: p?.blockIfProxy ?? true,
    block_datacenter: p?.blockDatacenter ?? true,
    allowed_network_types: (p?.allowedNetworkTypes ?? []).map((t) =>
      commonNames.networkType.toNameOr(t, ''),
    ),
    admin_whitelist_asns: p?.adminWhitelistAsns ?? [],
    allowlisted_ips: p?.allowlistedIps ?? [],
    failure_action: p ? filterNames.failureAction.toNameOr(p.failureAction, 'deny') : 'deny',
    max_start_attempts_before_lock: p?.maxStartAttemptsBeforeLock ?? 0,
    max_devices_per_ip: p?.maxDevicesPerIp ?? 0,
    cache_ttl_ip: p?.cacheTtlIpS ?? 0,
    admin_bypass: true,
    updated_by: p?.updatedBy || null,
    updated_at: p?.updatedAt ?? '',
    note: p?.note ?? '',
  };
}

/** The PATCH body as the RPC's request: a list field is sent only when the body has it. */
export function patchRequest(
  caller: common.Caller,
  b: PatchPolicyInput,
): filter.PatchPolicyRequest {
  const list = <T>(values: T[] | undefined) => (values === undefined ? undefined : { values });
  return {
    caller,
    expectedVersion: b.expected_version,
    note: b.note ?? '',
    allowedRegions: list(b.allowed_regions),
    vpnScoreBlockThreshold: b.vpn_score_block_threshold,
    vpnScoreWarnThreshold: b.vpn_score_warn_threshold,
    blockIfProxy: b.block_if_proxy,
    blockDatacenter: b.block_datacenter,
    allowedNetworkTypes: list(b.allowed_network_types?.map(commonNames.networkType.toProto)),
    adminWhitelistAsns: list(b.admin_whitelist_asns),
    allowlistedIps: list(b.allowlisted_ips),
    failureAction:
      b.failure_action === undefined
        ? undefined
        : filterNames.failureAction.toProto(b.failure_action),
    maxStartAttemptsBeforeLock: b.max_start_attempts_before_lock,
    maxDevicesPerIp: b.max_devices_per_ip,
    cacheTtlIpS: b.cache_ttl_ip_s,
  };
}

export function reviewJson(r: filter.Review | undefined): ReviewJson {
  return {
    ticket_id: r?.ticketId ?? '',
    status: r ? filterNames.reviewStatus.toNameOr(r.status, '') : '',
    telegram_id: r?.telegramId ?? 0,
    device_id: r?.deviceId ?? '',
    session_id: r?.sessionId || null,
    decision_id: r?.decisionId ?? '',
    client_ip: r?.clientIp ?? '',
    country: r?.country || null,
    asn: r?.asn || null,
    isp: r?.isp || null,
    vpn_score: r?.vpnScore ?? 0,
    reasons: r?.reasons ?? [],
    network_type_client: r ? commonNames.networkType.toNameOr(r.networkTypeClient, '') : '',
    network_type_asn: r?.networkTypeAsn ?? '',
    created_at: r?.createdAt ?? '',
    resolved_by: r?.resolvedBy || null,
    resolved_at: r?.resolvedAt || null,
    note: r?.note ?? '',
  };
}

export function decisionJson(d: filter.FilterDecision | undefined): DecisionJson {
  const ip = d?.ip;
  return {
    decision: d ? filterNames.decision.toNameOr(d.decision, '') : '',
    reasons: d?.reasons ?? [],
    filter_status: d ? commonNames.filterStatus.toNameOr(d.filterStatus, '') : '',
    // What the user would see on START.
    http_status: d?.httpStatus ?? 0,
    code: d?.code ?? '',
    message: d?.message ?? '',
    decision_id: d?.decisionId ?? '',
    policy_version: d?.policyVersion ?? 0,
    cache_hit: d?.cacheHit ?? false,
    ip: {
      masked: ip?.maskedIp ?? '',
      country: ip?.country || null,
      region: ip?.region || null,
      asn: ip?.asn || null,
      isp: ip?.isp || null,
      is_proxy: ip?.isProxy ?? false,
      is_vpn: ip?.isVpn ?? false,
      is_tor: ip?.isTor ?? false,
      is_datacenter: ip?.isDatacenter ?? false,
      vpn_score: ip?.vpnScore ?? 0,
      network_type_asn: ip?.networkTypeAsn ?? 'unknown',
    },
    checks: (d?.checks ?? []).map((c) => ({ name: c.name, outcome: c.outcome, detail: c.detail })),
  };
}

export function whitelistJson(w: filter.ListWhitelistResponse): WhitelistJson {
  return { asns: w.asns, ips: w.ips, policy_version: w.policyVersion };
}
