import { commonNames, filterNames, type common, type filter } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { PatchPolicyDto } from './dto/filter-admin.dto';

// gRPC (camelCase) ⇄ HTTP JSON (snake_case, seed names).

export function policyJson(p: filter.Policy | undefined): Record<string, unknown> {
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

export function patchRequest(caller: common.Caller, b: PatchPolicyDto): filter.PatchPolicyRequest {
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

export function reviewJson(r: filter.Review | undefined): Record<string, unknown> {
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

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

export function auditJson(a: filter.AuditEntry): Record<string, unknown> {
  return {
    id: a.id,
    session_id: a.sessionId || null,
    telegram_id: a.telegramId,
    device_id: a.deviceId,
    user_role: roleFromProto(a.userRole) ?? '',
    client_ip: a.clientIp || null,
    asn: a.asn || null,
    country: a.country || null,
    region: a.region || null,
    isp: a.isp || null,
    is_proxy: a.isProxy,
    vpn_score: a.vpnScore,
    network_type_client: commonNames.networkType.toNameOr(a.networkTypeClient, ''),
    network_type_asn: a.networkTypeAsn || null,
    check_sequence: parseJson(a.checkSequenceJson, []),
    provider_responses: parseJson(a.providerResponsesJson, {}),
    final_decision: filterNames.decision.toNameOr(a.finalDecision, ''),
    reasons: a.reasons,
    dry_run: a.dryRun,
    ticket_id: a.ticketId || null,
    admin_override_by: a.adminOverrideBy || null,
    requested_by: a.requestedBy || null,
    policy_version: a.policyVersion,
    cache_hit: a.cacheHit,
    created_at: a.createdAt,
  };
}

export function decisionJson(d: filter.FilterDecision | undefined): Record<string, unknown> {
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
    checks: d?.checks ?? [],
  };
}

export function whitelistJson(w: filter.ListWhitelistResponse): Record<string, unknown> {
  return { asns: w.asns, ips: w.ips, policy_version: w.policyVersion };
}
