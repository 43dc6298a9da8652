import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { LocalAttachmentStorage, S3AttachmentStorage, s3OptionsOf } from './attachment-storage';
import { isImage, sniffAttachment } from './file-type';

const bytes = (...parts: (number[] | string)[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('attachment type by content', () => {
  it.each([
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['webp', bytes('RIFF', [0x10, 0, 0, 0], 'WEBPVP8 ')],
    ['pdf', bytes('%PDF-1.4\n')],
  ])('recognises %s', (type, content) => {
    expect(sniffAttachment(content)).toBe(type);
  });

  it.each([
    ['an executable', bytes('MZ', [0x90, 0])],
    ['HTML', bytes('<html><body>')],
    ['SVG (script-capable)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x10, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', bytes([0x89, 0x50, 0x4e, 0x47])],
    ['nothing', Buffer.alloc(0)],
    ['text mentioning PDF', bytes(' %PDF-1.4')],
  ])('refuses %s', (_what, content) => {
    expect(sniffAttachment(content)).toBeUndefined();
  });

  it('sends images as photos and PDFs as documents', () => {
    expect(isImage('png')).toBe(true);
    expect(isImage('webp')).toBe(true);
    expect(isImage('pdf')).toBe(false);
  });
});

describe('LocalAttachmentStorage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'support-storage-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores and reads back the exact bytes, leaving no temp file', async () => {
    const storage = new LocalAttachmentStorage(dir);
    const content = randomBytes(100_000);
    await storage.put('tickets/2026-12/abc.png', content);
    expect((await storage.get('tickets/2026-12/abc.png')).equals(content)).toBe(true);
    expect(readdirSync(join(dir, 'tickets', '2026-12'))).toEqual(['abc.png']);
  });

  it.each(['../escape.png', 'tickets/../../x', '/etc/passwd', 'Tickets/UPPER.png', ''])(
    'refuses the key %j',
    async (key) => {
      const storage = new LocalAttachmentStorage(dir);
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow('invalid storage key');
      await expect(storage.get(key)).rejects.toThrow('invalid storage key');
    },
  );
});

describe('S3 storage settings', () => {
  it('reads endpoint, bucket, region and keys from one URL', () => {
    expect(
      s3OptionsOf(
        'https://AKIA123:s3cr%2Ft@s3.eu-central-1.amazonaws.com/tickets?region=eu-central-1',
      ),
    ).toEqual({
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      bucket: 'tickets',
      region: 'eu-central-1',
      accessKey: 'AKIA123',
      secretKey: 's3cr/t',
    });
    expect(() => new S3AttachmentStorage(s3OptionsOf('http://127.0.0.1:9000/'))).toThrow(
      'SUPPORT_S3_URL needs',
    );
  });
});
