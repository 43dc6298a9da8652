// `npm run simulate -- --devices N --interval S --duration D [--url URL] [--reorder-rate R]
// [--dup-rate R] [--devices-per-user K] [--first-user ID] [--public-ips=false]
// [--relay [ws://host:port]] [--relay-settle-ms MS]`: a fleet of phones driving the real gateway;
// prints progress and a summary comparing the simulator's own totals with the server's count
// (zero lost, zero double-counted). With --relay each phone also opens the relay's device tunnel
// (its access token + session id) and serves buyers' streams over real TCP; its reports then say
// what it carried, and the server's count (the relay's) must equal it.

import { RELAY_DEFAULT_TUNNEL_PORT } from '@trafficshare/config';

import { simulate } from './run';

function parse(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=')
      ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [
          a.slice(2),
          argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i],
        ];
    out[k] = v;
  }
  return out;
}

const args = parse(process.argv.slice(2));
const num = (k: string, d: number) => (args[k] === undefined ? d : Number(args[k]));
const log = (line: string) => process.stdout.write(`[simulate] ${line}\n`);
const csv = (value: string | undefined, fallback: string): string[] =>
  (value ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const relayUrl =
  args.relay === undefined
    ? undefined
    : args.relay === 'true'
      ? `ws://${process.env.RELAY_HOST || '127.0.0.1'}:${process.env.RELAY_TUNNEL_PORT || RELAY_DEFAULT_TUNNEL_PORT}`
      : args.relay;

simulate({
  url: (args.url ?? `http://127.0.0.1:${process.env.GATEWAY_PORT || 8080}`).replace(/\/$/, ''),
  devices: num('devices', 10),
  intervalS: num('interval', 10),
  durationS: num('duration', 60),
  dupRate: num('dup-rate', 0.05),
  reorderRate: num('reorder-rate', 0.05),
  devicesPerUser: num('devices-per-user', 1),
  firstUserId: num('first-user', 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100),
  // Phones come from public (US) addresses by default; --public-ips=false sends none (START is then blocked as ip_unknown).
  publicIps: args['public-ips'] !== 'false',
  // The phones check destinations after their own DNS with the relay's rules (same env vars).
  relay: relayUrl
    ? {
        url: relayUrl,
        settleMs: num('relay-settle-ms', 60_000),
        policy: {
          allowedPorts: csv(process.env.RELAY_ALLOWED_PORTS, '80,443').map(Number),
          allowedPrivateCidrs: csv(process.env.RELAY_ALLOWED_PRIVATE_CIDRS, ''),
          blockedDomains: csv(process.env.RELAY_BLOCKED_DOMAINS, ''),
          ownAddresses: csv(process.env.RELAY_OWN_ADDRESSES, ''),
        },
      }
    : undefined,
  log,
}).then(
  (s) => {
    log(JSON.stringify(s, null, 2));
    log(
      s.ok
        ? 'OK: every report acknowledged, none lost or double-counted'
        : 'NOT OK: see the summary above',
    );
    process.exit(s.ok ? 0 : 1);
  },
  (err: unknown) => {
    process.stderr.write(
      `[simulate] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
