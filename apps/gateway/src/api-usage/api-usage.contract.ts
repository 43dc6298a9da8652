import { queryInt, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

const KeyUsageSchema = z.strictObject({
  key_id: z.string(),
  connections: z.number().int(),
  distinct_exit_ips: z.number().int(),
  mb: z.number().describe('Relayed both ways, as the relays counted it'),
  exit_ips: z
    .array(z.strictObject({ exit_ip: z.string(), connections: z.number().int() }))
    .describe('Most used first, at most 50'),
});
export type KeyUsageJson = z.input<typeof KeyUsageSchema>;

export const MyApiKeysUsageRoute = defineRoute({
  method: 'GET',
  path: '/api/user/apis/usage',
  tags: ['api-keys'],
  access: 'user',
  summary:
    'Your API keys as a buyer: connections, MB and exit IPs through the device pool over the window, as the relays counted them',
  query: z.strictObject({
    minutes: queryInt(1, 1440).default(1440).describe('Window: minutes back from now'),
  }),
  response: z.strictObject({
    minutes: z.number().int(),
    from: z.string(),
    to: z.string(),
    keys: z.array(KeyUsageSchema),
  }),
});
