import type { IpIntel } from '../reputation/ip-intel';
import { networkMatches, type ClientNetworkType } from '../network/network-detector';
import type { ActivePolicy } from './policy.service';

export type DenyReason =
  | 'vpn_detected'
  | 'proxy_detected'
  | 'region_not_allowed'
  | 'network_mismatch'
  | 'datacenter_ip'
  | 'ip_unknown'
  | 'too_many_attempts'
  | 'ip_in_use'
  | 'check_unavailable';
export type PendingReason = 'vpn_score_borderline' | 'check_unavailable';
export type NoteReason = 'admin_bypass' | 'admin_override' | 'ip_allowlisted' | 'asn_whitelisted';
export type Reason = DenyReason | PendingReason | NoteReason;

export type Decision = 'allow' | 'deny' | 'pending_admin' | 'skipped';

export interface CheckStep {
  name: string;
  outcome: 'pass' | 'fail' | 'warn' | 'skip' | 'error';
  detail: string;
}

export interface PolicyVerdict {
  decision: Exclude<Decision, 'skipped'>;
  reasons: Reason[];
  checks: CheckStep[];
}

/**
 * The policy rules, as a pure function of the policy, what is known about the IP
 * and the client's network type:
 * - the country must be in ALLOWED_REGIONS;
 * - a VPN/Tor flag, or vpn_score above VPN_SCORE_BLOCK_THRESHOLD → vpn_detected;
 * - a proxy (BLOCK_IF_PROXY) → proxy_detected; a datacenter/hosting IP → datacenter_ip;
 * - the client's network type must be allowed and fit the ASN's network → network_mismatch;
 * - otherwise a score from VPN_SCORE_WARN_THRESHOLD up to the block threshold is borderline
 *   → pending_admin (review ticket).
 * Allowlisted IPs pass everything; whitelisted ASNs pass everything but the region rule.
 */
export function evaluatePolicy(
  policy: ActivePolicy,
  intel: IpIntel,
  network: ClientNetworkType,
  ipAllowlisted: boolean,
): PolicyVerdict {
  const p = policy.document;
  const checks: CheckStep[] = [];
  if (ipAllowlisted) {
    checks.push({ name: 'policy', outcome: 'pass', detail: 'IP is allowlisted' });
    return { decision: 'allow', reasons: ['ip_allowlisted'], checks };
  }
  const reasons: Reason[] = [];
  const asnWhitelisted = intel.asn !== null && policy.whitelistAsns.has(intel.asn);

  if (intel.country && policy.regions.has(intel.country)) {
    checks.push({ name: 'region', outcome: 'pass', detail: `country ${intel.country} allowed` });
  } else {
    reasons.push('region_not_allowed');
    checks.push({
      name: 'region',
      outcome: 'fail',
      detail: `country ${intel.country ?? 'unknown'} not in allowed regions`,
    });
  }

  if (asnWhitelisted) {
    checks.push({ name: 'reputation', outcome: 'skip', detail: `AS${intel.asn} is whitelisted` });
    checks.push({ name: 'network', outcome: 'skip', detail: `AS${intel.asn} is whitelisted` });
  } else {
    const vpn = intel.isVpn || intel.vpnScore > p.vpn_score_block_threshold;
    if (vpn) reasons.push('vpn_detected');
    const proxy = p.block_if_proxy && (intel.isProxy || (intel.isTor && !vpn));
    if (proxy) reasons.push('proxy_detected');
    const datacenter = p.block_datacenter && intel.isDatacenter;
    if (datacenter) reasons.push('datacenter_ip');
    checks.push({
      name: 'reputation',
      outcome:
        vpn || proxy || datacenter
          ? 'fail'
          : intel.vpnScore >= p.vpn_score_warn_threshold
            ? 'warn'
            : 'pass',
      detail:
        `vpn_score ${intel.vpnScore} (warn ${p.vpn_score_warn_threshold}, block ${p.vpn_score_block_threshold})` +
        `, vpn=${intel.isVpn} proxy=${intel.isProxy} tor=${intel.isTor} datacenter=${intel.isDatacenter}`,
    });

    const allowedType = (p.allowed_network_types as string[]).includes(network);
    const fits = networkMatches(network, intel.networkTypeAsn);
    if (!allowedType || !fits) reasons.push('network_mismatch');
    checks.push({
      name: 'network',
      outcome: allowedType && fits ? 'pass' : 'fail',
      detail: `client ${network}, ASN network ${intel.networkTypeAsn}${allowedType ? '' : ' (client type not allowed)'}`,
    });
  }

  if (reasons.length > 0) {
    checks.push({ name: 'policy', outcome: 'fail', detail: reasons.join(', ') });
    return { decision: 'deny', reasons, checks };
  }
  if (!asnWhitelisted && intel.vpnScore >= p.vpn_score_warn_threshold) {
    checks.push({ name: 'policy', outcome: 'warn', detail: 'borderline vpn_score: admin review' });
    return { decision: 'pending_admin', reasons: ['vpn_score_borderline'], checks };
  }
  checks.push({ name: 'policy', outcome: 'pass', detail: `policy v${policy.version}` });
  return { decision: 'allow', reasons: asnWhitelisted ? ['asn_whitelisted'] : [], checks };
}
