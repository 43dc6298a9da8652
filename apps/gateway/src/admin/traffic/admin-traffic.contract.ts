import { line, queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

const admins = {
  tags: ['admin', 'traffic-pool'],
  access: { roles: ['superadmin'] },
} as const;

const PoolDeviceSchema = z.strictObject({
  session_id: z.string(),
  telegram_id: z.number().int(),
  device_id: z.string(),
  exit_ip: z.string().describe('The device’s public address as the relay saw it'),
  country: z.string().describe('ISO alpha-2 of the device’s IP per the filter'),
  streams: z.number().int(),
  mb_per_s: z.number().describe('Both ways, over the node’s last heartbeat interval'),
  connected_at: z.string(),
});

const RelayNodeSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  region: z.string(),
  registered: z.boolean().describe('Added with pool/add; false: heard from, never registered'),
  status: z
    .enum(['up', 'down', 'never'])
    .describe(
      'up: heartbeat within 3 intervals; down: silent; never: registered, never heard from',
    ),
  last_heartbeat_at: z.string().nullable(),
  streams_open: z.number().int(),
  setup_p50_ms: z.number().describe('Stream setup (request → device connected), last minute'),
  setup_p99_ms: z.number(),
  devices: z.array(PoolDeviceSchema),
  added_at: z.string().nullable(),
});
export type RelayNodeJson = z.input<typeof RelayNodeSchema>;

const ExitIpSchema = z.strictObject({ exit_ip: z.string(), connections: z.number().int() });

const KeyRotationSchema = z.strictObject({
  key_id: z.string(),
  connections: z.number().int(),
  distinct_exit_ips: z.number().int(),
  mb: z.number().describe('Relayed both ways through those exits'),
  exit_ips: z.array(ExitIpSchema).describe('Most used first, at most 50'),
});
export type KeyRotationJson = z.input<typeof KeyRotationSchema>;

const Minutes = queryInt(1, 1440).default(60).describe('Window: minutes back from now');

export const TrafficPoolRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/traffic/pool',
  summary:
    'The traffic pool as the relay nodes report it: nodes with their devices sharing now, distinct exit IPs, countries, free slots against the configured pool size, streams, MB/s and stream setup latency',
  response: z.strictObject({
    nodes: z.array(RelayNodeSchema),
    devices_sharing: z.number().int().describe('Devices with a tunnel on a node that is up'),
    distinct_ips: z.number().int(),
    countries: z.array(z.strictObject({ country: z.string(), devices: z.number().int() })),
    pool_size: z.number().int(),
    free_slots: z.number().int(),
    streams_open: z.number().int(),
    mb_per_s: z.number(),
  }),
});

export const AddRelayNodeRoute = defineRoute({
  ...admins,
  method: 'POST',
  path: '/api/admin/traffic/pool/add',
  summary:
    'Register a relay node (its id is the RELAY_NODE_ID it reports with); again with the same id updates its url and region',
  body: z.strictObject({
    node_id: line(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    url: line(300).describe('ws, wss, http or https URL of the node'),
    region: line(32).regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  }),
  response: z.strictObject({
    created: z.boolean().describe('false: the node was registered before (updated)'),
    node: RelayNodeSchema,
  }),
  errors: { 400: ['invalid_argument'] },
});

export const RotationCheckRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/traffic/pool/check',
  summary:
    'IP rotation check: per API key, connections and distinct exit IPs over the window (a rotation key should leave through many)',
  query: z.strictObject({
    key_id: line(64).optional().describe('One key; every key seen in the window when absent'),
    minutes: Minutes,
  }),
  response: z.strictObject({
    minutes: z.number().int(),
    from: z.string(),
    to: z.string(),
    keys: z.array(KeyRotationSchema),
  }),
  errors: { 400: ['invalid_argument'] },
});

export const KeyUsageRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/traffic/keys/:key_id/usage',
  summary:
    'Buyer-side usage of one API key as the relays counted it over the window: connections, MB and the exit IPs it left through',
  params: z.strictObject({ key_id: z.uuid() }),
  query: z.strictObject({
    minutes: queryInt(1, 1440).default(1440).describe('Window: minutes back from now'),
  }),
  response: z.strictObject({
    minutes: z.number().int(),
    from: z.string(),
    to: z.string(),
    usage: KeyRotationSchema,
  }),
  errors: { 400: ['invalid_argument'] },
});
