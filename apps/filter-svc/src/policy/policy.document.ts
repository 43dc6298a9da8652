import { z } from 'zod';

import { parseCidr } from '../ip/ip-address';

/** The 27 EU member states (ISO 3166-1; Greece is GR). The United Kingdom is not one. */
export const EU_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;

const region = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => /^[A-Z]{2}$/.test(v), { message: 'must be an ISO 3166-1 alpha-2 code or EU' });

const ipOrCidr = z
  .string()
  .trim()
  .refine((v) => parseCidr(v) !== undefined, { message: 'must be an IP or CIDR' });

/** Seed "Konfiguratsiya / Policy" plus MAX_DEVICES_PER_IP, block_datacenter and the cache TTL. */
export const policyDocumentSchema = z
  .object({
    allowed_regions: z
      .array(region)
      .max(300)
      // "EU" expands to the member states; duplicates go.
      .transform((list) =>
        [...new Set(list.flatMap((r) => (r === 'EU' ? [...EU_COUNTRIES] : [r])))].sort(),
      ),
    vpn_score_block_threshold: z.number().int().min(0).max(100),
    vpn_score_warn_threshold: z.number().int().min(0).max(100),
    block_if_proxy: z.boolean(),
    block_datacenter: z.boolean(),
    allowed_network_types: z
      .array(z.enum(['mobile', 'wifi', 'unknown']))
      .max(3)
      .transform((l) => [...new Set(l)]),
    admin_whitelist_asns: z
      .array(z.number().int().min(1).max(4_294_967_295))
      .max(10_000)
      .transform((l) => [...new Set(l)].sort((a, b) => a - b)),
    allowlisted_ips: z
      .array(ipOrCidr)
      .max(10_000)
      .transform((l) => [...new Set(l)]),
    failure_action: z.enum(['deny', 'pending_admin']),
    max_start_attempts_before_lock: z.number().int().min(1).max(1_000),
    max_devices_per_ip: z.number().int().min(1).max(1_000),
    cache_ttl_ip_s: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400),
  })
  .strict()
  .refine((p) => p.vpn_score_warn_threshold <= p.vpn_score_block_threshold, {
    message: 'vpn_score_warn_threshold must not exceed vpn_score_block_threshold',
    path: ['vpn_score_warn_threshold'],
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** Version 1 of the policy: the defaults until an admin changes them. */
export function defaultPolicyDocument(cacheTtlIpS: number): PolicyDocument {
  return policyDocumentSchema.parse({
    allowed_regions: ['US', 'EU'],
    vpn_score_block_threshold: 70,
    vpn_score_warn_threshold: 50,
    block_if_proxy: true,
    block_datacenter: true,
    allowed_network_types: ['mobile', 'wifi'],
    admin_whitelist_asns: [],
    allowlisted_ips: [],
    failure_action: 'deny',
    max_start_attempts_before_lock: 5,
    max_devices_per_ip: 1,
    cache_ttl_ip_s: cacheTtlIpS,
  });
}
