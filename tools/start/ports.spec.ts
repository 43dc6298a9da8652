import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

import { portsStillBusy } from './ports';

const listen = async (): Promise<Server> => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
};
const portOf = (s: Server) => (s.address() as AddressInfo).port;
const close = (s: Server) => new Promise((r) => s.close(r));

describe('portsStillBusy', () => {
  it('waits out a port that frees up, and reports one that stays taken', async () => {
    const brief = await listen();
    const stays = await listen();
    const free = await listen();
    const [briefPort, staysPort, freePort] = [brief, stays, free].map(portOf);
    await close(free);
    let waitedFor: number[] = [];
    setTimeout(() => void close(brief), 300);
    try {
      const busy = await portsStillBusy([briefPort, staysPort, freePort], {
        waitMs: 1_500,
        stepMs: 100,
        onWait: (ports) => (waitedFor = ports),
      });
      expect(busy).toEqual([staysPort]);
      expect([...waitedFor].sort()).toEqual([briefPort, staysPort].sort());
    } finally {
      await close(stays);
    }
  });

  it('does not wait when every port is free', async () => {
    const s = await listen();
    const port = portOf(s);
    await close(s);
    const started = Date.now();
    expect(await portsStillBusy([port], { waitMs: 5_000 })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
