import { createServer } from 'node:net';

import { freePort } from './start-app';

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range that an app can listen on', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('skips a port that is taken', async () => {
    const taken = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(taken, '127.0.0.1', resolve));
    const next = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(next).not.toContain(taken);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
