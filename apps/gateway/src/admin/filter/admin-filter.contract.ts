import { commonNames, filterNames } from '@trafficshare/contracts';

import { line, queryInt, text, z } from '../../common/zod';
import { namesOf } from '../../contract/params';
import { defineRoute } from '../../contract/route-contract';
import { AuditEntrySchema } from '../../filter/filter.contract';

const nameOr = <const N extends string>(names: readonly N[]) =>
  z.union([namesOf(names), z.literal('')]);

const NetworkTypeSchema = z.enum(['mobile', 'wifi', 'unknown']);

const PolicySchema = z.strictObject({
  version: z.number().int(),
  allowed_regions: z.array(z.string()).describe('"EU" stands for every EU member'),
  vpn_score_block_threshold: z.number().int(),
  vpn_score_warn_threshold: z.number().int(),
  block_if_proxy: z.boolean(),
  block_datacenter: z.boolean(),
  allowed_network_types: z.array(nameOr(commonNames.networkType.names)),
  admin_whitelist_asns: z.array(z.number().int()),
  allowlisted_ips: z.array(z.string()),
  failure_action: namesOf(filterNames.failureAction.names),
  max_start_attempts_before_lock: z.number().int(),
  max_devices_per_ip: z.number().int(),
  cache_ttl_ip: z.number().int().describe('Seconds'),
  admin_bypass: z.literal(true).describe('Admins are never filtered'),
  updated_by: z.number().int().nullable(),
  updated_at: z.string(),
  note: z.string(),
});
export type PolicyJson = z.input<typeof PolicySchema>;

const ReviewSchema = z.strictObject({
  ticket_id: z.string(),
  status: nameOr(filterNames.reviewStatus.names),
  telegram_id: z.number().int(),
  device_id: z.string(),
  session_id: z.string().nullable(),
  decision_id: z.string(),
  client_ip: z.string(),
  country: z.string().nullable(),
  asn: z.number().int().nullable(),
  isp: z.string().nullable(),
  vpn_score: z.number(),
  reasons: z.array(z.string()),
  network_type_client: nameOr(commonNames.networkType.names),
  network_type_asn: z.string(),
  created_at: z.string(),
  resolved_by: z.number().int().nullable(),
  resolved_at: z.string().nullable(),
  note: z.string(),
});
export type ReviewJson = z.input<typeof ReviewSchema>;

const DecisionSchema = z.strictObject({
  decision: nameOr(filterNames.decision.names),
  reasons: z.array(z.string()),
  filter_status: nameOr(commonNames.filterStatus.names),
  http_status: z.number().int().describe('What the user would get on START'),
  code: z.string(),
  message: z.string(),
  decision_id: z.string(),
  policy_version: z.number().int(),
  cache_hit: z.boolean(),
  ip: z.strictObject({
    masked: z.string(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    asn: z.number().int().nullable(),
    isp: z.string().nullable(),
    is_proxy: z.boolean(),
    is_vpn: z.boolean(),
    is_tor: z.boolean(),
    is_datacenter: z.boolean(),
    vpn_score: z.number(),
    network_type_asn: z.string(),
  }),
  checks: z.array(
    z.strictObject({
      name: z.string().describe('role | attempts | ip | cache | geoip | reputation | …'),
      outcome: z.string().describe('pass | fail | warn | skip | error'),
      detail: z.string(),
    }),
  ),
});
export type DecisionJson = z.input<typeof DecisionSchema>;

const WhitelistShape = {
  asns: z.array(z.number().int()),
  ips: z.array(z.string()),
  policy_version: z.number().int(),
};
const WhitelistSchema = z.strictObject(WhitelistShape);
export type WhitelistJson = z.input<typeof WhitelistSchema>;

export const PatchPolicyBody = z.strictObject({
  expected_version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Apply only if the policy is still at this version (optimistic concurrency)'),
  note: text(500).optional(),
  allowed_regions: z
    .array(line(2).min(2).or(z.literal('EU')))
    .max(300)
    .optional(),
  vpn_score_block_threshold: z.number().int().min(0).max(100).optional(),
  vpn_score_warn_threshold: z.number().int().min(0).max(100).optional(),
  block_if_proxy: z.boolean().optional(),
  block_datacenter: z.boolean().optional(),
  allowed_network_types: z.array(NetworkTypeSchema).max(3).optional(),
  admin_whitelist_asns: z.array(z.number().int().min(1)).max(10_000).optional(),
  allowlisted_ips: z.array(line(64).min(2)).max(10_000).optional(),
  failure_action: z.enum(['deny', 'pending_admin']).optional(),
  max_start_attempts_before_lock: z.number().int().min(1).max(1_000).optional(),
  max_devices_per_ip: z.number().int().min(1).max(1_000).optional(),
  cache_ttl_ip_s: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional(),
});
export type PatchPolicyInput = z.output<typeof PatchPolicyBody>;

// Superadmins only.
const superadmin = { tags: ['admin', 'filter'], access: { roles: ['superadmin'] } } as const;

export const GetPolicyRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/filter/policy',
  summary: 'The policy in force (versioned)',
  response: z.strictObject({ policy: PolicySchema }),
});

export const PatchPolicyRoute = defineRoute({
  ...superadmin,
  method: 'PATCH',
  path: '/api/admin/filter/policy',
  summary: 'Change policy settings: a new version; "EU" in allowed_regions means every EU member',
  body: PatchPolicyBody,
  response: z.strictObject({ policy: PolicySchema }),
  errors: { 400: ['invalid_policy'], 409: ['policy_version_conflict'] },
});

export const ListReviewsRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/filter/reviews',
  summary: 'Review queue (pending_admin tickets), oldest pending first',
  query: z.strictObject({
    status: z.enum(['pending', 'approved', 'rejected', 'all']).default('pending'),
    telegram_id: queryInt(1).optional(),
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0).default(0),
  }),
  response: z.strictObject({
    reviews: z.array(ReviewSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
  errors: { 400: ['invalid_argument'] },
});

export const OverrideReviewRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/filter/override/:ticket_id',
  summary: 'Approve or reject a pending ticket with a note (admin override)',
  params: z.strictObject({ ticket_id: line(100) }),
  body: z.strictObject({
    action: z.enum(['approve', 'reject']),
    note: text(1_000).default(''),
  }),
  response: z.strictObject({ review: ReviewSchema }),
  errors: {
    400: ['invalid_argument', 'invalid_review_action'],
    404: ['review_not_found'],
    409: ['review_already_resolved'],
  },
});

export const AdminFilterAuditRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/filter/audit/:session_id',
  summary: "A session's filter audit trail: checks, raw provider answers, decision, override",
  description: 'Entries oldest first. Same answer as GET /api/filter/audit/{session_id}.',
  params: z.strictObject({ session_id: line(100) }),
  response: z.strictObject({ session_id: z.string(), entries: z.array(AuditEntrySchema) }),
  errors: { 400: ['invalid_argument'] },
});

export const ListWhitelistRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/filter/whitelist',
  summary: 'Whitelisted ASNs and allowlisted IPs/CIDRs',
  response: WhitelistSchema,
});

export const AddWhitelistRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/filter/whitelist',
  summary: 'Whitelist an ASN or allowlist an IP/CIDR (a new policy version)',
  body: z.strictObject({
    type: z.enum(['asn', 'ip']),
    value: z
      .union([line(64).min(1), z.number().int().min(1)])
      .transform(String)
      .describe('ASN (15169 or "AS15169") or an IPv4/IPv6 address or CIDR'),
    note: text(500).default(''),
  }),
  response: WhitelistSchema,
  errors: { 400: ['invalid_whitelist_entry', 'invalid_policy'], 409: ['policy_version_conflict'] },
});

export const RemoveWhitelistRoute = defineRoute({
  ...superadmin,
  method: 'DELETE',
  path: '/api/admin/filter/whitelist/:type/:value',
  summary: 'Remove a whitelist entry; URL-encode CIDRs (10.0.0.0%2F8)',
  // Any type other than asn or ip is refused by filter-svc (`invalid_whitelist_entry`).
  params: z.strictObject({ type: line(64), value: line(200) }),
  response: WhitelistSchema,
  errors: {
    400: ['invalid_whitelist_entry', 'invalid_policy'],
    404: ['whitelist_entry_not_found'],
    409: ['policy_version_conflict'],
  },
});

export const FilterCheckRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/filter/check',
  summary:
    'Dry run: the full decision for an IP and network type, audited as a dry run ("why am I blocked")',
  body: z.strictObject({
    ip: line(64)
      .min(2)
      .optional()
      .describe('The IP to check; without it, the caller’s own IP as the gateway sees it'),
    network_type: NetworkTypeSchema,
    telegram_id: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Evaluate as this user (their attempt lock and approved overrides)'),
    language: z.enum(['uz', 'ru', 'en']).default('en'),
  }),
  response: z.strictObject({ result: DecisionSchema }),
  errors: { 400: ['invalid_argument'] },
});
