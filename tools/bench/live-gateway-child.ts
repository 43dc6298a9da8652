// The gateway in a process of its own for the `live` bench (the load process holds the client
// sockets; the RSS read from the gateway's /metrics is the gateway's alone). Its environment
// comes from the parent; prints `{"ready":true}` on stdout once it listens, stops on disconnect.

import { boot } from '../../apps/gateway/src/boot';

void boot({ env: process.env, handleSignals: false }).then(
  (gateway) => {
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    process.on('disconnect', () => void gateway.stop().then(() => process.exit(0)));
  },
  (err: unknown) => {
    process.stderr.write(`gateway failed to start: ${String(err)}\n`);
    process.exit(1);
  },
);
