import { commonNames, filterNames, type filter } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { AuditEntryJson } from './filter.contract';

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

/** One START check of a session as the audit trail shows it (raw provider answers included). */
export function auditJson(a: filter.AuditEntry): AuditEntryJson {
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
