import { line, queryInt, text, z } from '../../common/zod';

const networkType = z.enum(['mobile', 'wifi', 'unknown']);

export const PatchPolicySchema = z
  .object({
    /** Apply only if the policy is still at this version (optimistic concurrency). */
    expected_version: z.number().int().min(1).optional(),
    note: text(500).optional(),
    allowed_regions: z
      .array(line(2).min(2).or(z.literal('EU')))
      .max(300)
      .optional(),
    vpn_score_block_threshold: z.number().int().min(0).max(100).optional(),
    vpn_score_warn_threshold: z.number().int().min(0).max(100).optional(),
    block_if_proxy: z.boolean().optional(),
    block_datacenter: z.boolean().optional(),
    allowed_network_types: z.array(networkType).max(3).optional(),
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
  })
  .strict();
export type PatchPolicyDto = z.infer<typeof PatchPolicySchema>;

export const ReviewsQuerySchema = z
  .object({
    status: z.enum(['pending', 'approved', 'rejected', 'all']).default('pending'),
    telegram_id: queryInt(1).optional(),
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0).default(0),
  })
  .strict();
export type ReviewsQueryDto = z.infer<typeof ReviewsQuerySchema>;

export const OverrideSchema = z
  .object({
    action: z.enum(['approve', 'reject']),
    note: text(1_000).default(''),
  })
  .strict();
export type OverrideDto = z.infer<typeof OverrideSchema>;

export const WhitelistEntrySchema = z
  .object({
    type: z.enum(['asn', 'ip']),
    /** ASN (15169 or "AS15169") or an IPv4/IPv6 address or CIDR. */
    value: z.union([line(64).min(1), z.number().int().min(1)]).transform(String),
    note: text(500).default(''),
  })
  .strict();
export type WhitelistEntryDto = z.infer<typeof WhitelistEntrySchema>;

export const CheckSchema = z
  .object({
    /** The IP to check; without it, the caller's own IP as the gateway sees it. */
    ip: line(64).min(2).optional(),
    network_type: networkType,
    /** Evaluate as this user (their attempt lock and approved overrides). */
    telegram_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    language: z.enum(['uz', 'ru', 'en']).default('en'),
  })
  .strict();
export type CheckDto = z.infer<typeof CheckSchema>;
