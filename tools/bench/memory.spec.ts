import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { memoryLine, metricsUrls, readMemory, sample } from './memory';

describe('bench memory figures', () => {
  const text = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    'process_resident_memory_bytes{app="gateway"} 557842432',
    'nodejs_heap_size_used_bytes{app="gateway"} 104857600',
    'nodejs_heap_size_used_bytes_extra 5',
    'outbox_backlog Nan',
  ].join('\n');

  it('reads samples with or without labels, not prefixes of other names, not NaN', () => {
    expect(sample(text, 'process_resident_memory_bytes')).toBe(557_842_432);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBe(104_857_600);
    expect(sample(text, 'outbox_backlog')).toBeUndefined();
    expect(sample(text, 'missing_metric')).toBeUndefined();
  });

  it('names the gateway at the bench URL and each service at its ops port', () => {
    const urls = metricsUrls('http://127.0.0.1:8080');
    expect(urls.gateway).toBe('http://127.0.0.1:9460/metrics');
    expect(urls['telemetry-svc']).toBe('http://127.0.0.1:9462/metrics');
    expect(Object.keys(urls)).toHaveLength(7);
  });

  it('reads what answers and leaves out what does not', async () => {
    const server: Server = createServer((_req, res) => res.end(text));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const memory = await readMemory({
      gateway: `http://127.0.0.1:${port}/metrics`,
      'ledger-svc': 'http://127.0.0.1:1/metrics',
    });
    server.close();
    expect(memory).toEqual({ gateway: { rssMb: 532, heapUsedMb: 100 } });
    expect(memoryLine({ gateway: { rssMb: 193.2, heapUsedMb: 50 } }, memory)).toBe(
      'gateway 193 → 532 MB',
    );
  });
});
