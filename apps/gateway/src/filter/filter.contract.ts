import { commonNames, filterNames } from '@trafficshare/contracts';

import { line, z } from '../common/zod';
import { namesOf } from '../contract/params';
import { defineRoute } from '../contract/route-contract';

const nameOr = <const N extends string>(names: readonly N[]) =>
  z.union([namesOf(names), z.literal('')]);

export const AuditEntrySchema = z.strictObject({
  id: z.string(),
  session_id: z.string().nullable(),
  telegram_id: z.number().int(),
  device_id: z.string(),
  user_role: z.enum(['user', 'moderator', 'superadmin', '']),
  client_ip: z.string().nullable(),
  asn: z.number().int().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  isp: z.string().nullable(),
  is_proxy: z.boolean(),
  vpn_score: z.number(),
  network_type_client: nameOr(commonNames.networkType.names),
  network_type_asn: z.string().nullable(),
  check_sequence: z.unknown().describe('The checks in order: [{name, outcome, detail}]'),
  provider_responses: z.unknown().describe('Provider name → its raw answer (or error)'),
  final_decision: nameOr(filterNames.decision.names),
  reasons: z.array(z.string()),
  dry_run: z.boolean(),
  ticket_id: z.string().nullable(),
  admin_override_by: z.number().int().nullable(),
  requested_by: z.number().int().nullable(),
  policy_version: z.number().int(),
  cache_hit: z.boolean(),
  created_at: z.string(),
});
export type AuditEntryJson = z.input<typeof AuditEntrySchema>;

/** The filter audit of a session outside /api/admin (superadmins only, as in filter-svc). */
export const FilterAuditRoute = defineRoute({
  method: 'GET',
  path: '/api/filter/audit/:session_id',
  tags: ['filter'],
  access: { roles: ['superadmin'] },
  summary: "A session's filter audit trail: checks, raw provider answers, decision, override",
  description: 'Entries oldest first. Same answer as GET /api/admin/filter/audit/{session_id}.',
  params: z.strictObject({ session_id: line(100) }),
  response: z.strictObject({
    session_id: z.string(),
    entries: z.array(AuditEntrySchema),
  }),
  errors: { 400: ['invalid_argument'] },
});
