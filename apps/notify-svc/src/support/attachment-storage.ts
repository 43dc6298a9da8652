import { createHash, createHmac } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Where support attachments live; keys are generated here, never taken from a client. */
export interface AttachmentStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

function checkKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error('invalid storage key');
}

/** A local directory (the default): files written atomically (temp file + rename). */
export class LocalAttachmentStorage implements AttachmentStorage {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    checkKey(key);
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, path);
  }

  async get(key: string): Promise<Buffer> {
    checkKey(key);
    return readFile(join(this.root, key));
  }
}

export interface S3Options {
  /** e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000 (MinIO); path-style. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** `https://<access key>:<secret key>@<host>/<bucket>?region=<region>` → S3 options. */
export function s3OptionsOf(value: string): S3Options {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('SUPPORT_S3_URL must be https://<access key>:<secret key>@<host>/<bucket>');
  }
  const bucket = url.pathname.split('/').filter(Boolean)[0] ?? '';
  return {
    endpoint: `${url.protocol}//${url.host}`,
    bucket,
    region: url.searchParams.get('region') || 'us-east-1',
    accessKey: decodeURIComponent(url.username),
    secretKey: decodeURIComponent(url.password),
  };
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data).digest();

/**
 * An S3-compatible bucket (AWS S3, MinIO, R2…): PUT and GET Object, path-style, signed with AWS
 * Signature Version 4. Small and dependency-free; objects are private (read back by notify-svc to
 * forward them, never linked publicly).
 */
export class S3AttachmentStorage implements AttachmentStorage {
  constructor(private readonly options: S3Options) {
    if (!options.endpoint || !options.bucket || !options.accessKey || !options.secretKey)
      throw new Error('SUPPORT_S3_URL needs a host, a bucket, an access key and a secret key');
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    checkKey(key);
    const res = await this.request('PUT', key, bytes, { 'content-type': contentType });
    if (!res.ok) throw new Error(`S3 PUT failed with HTTP ${res.status}`);
  }

  async get(key: string): Promise<Buffer> {
    checkKey(key);
    const res = await this.request('GET', key, Buffer.alloc(0), {});
    if (!res.ok) throw new Error(`S3 GET failed with HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private request(
    method: 'GET' | 'PUT',
    key: string,
    body: Buffer,
    extra: Record<string, string>,
  ): Promise<Response> {
    const o = this.options;
    const url = new URL(`${o.endpoint.replace(/\/+$/, '')}/${o.bucket}/${key}`);
    const now = new Date();
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256(body);
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      ...extra,
    };
    const names = Object.keys(headers).sort();
    const canonical = [
      method,
      url.pathname.split('/').map(encodeURIComponent).join('/'),
      '',
      ...names.map((n) => `${n}:${headers[n].trim()}`),
      '',
      names.join(';'),
      payloadHash,
    ].join('\n');
    const scope = `${day}/${o.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signingKey = hmac(
      hmac(hmac(hmac(`AWS4${o.secretKey}`, day), o.region), 's3'),
      'aws4_request',
    );
    const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
    const { host: _host, ...sent } = headers;
    return fetch(url, {
      method,
      headers: {
        ...sent,
        authorization: `AWS4-HMAC-SHA256 Credential=${o.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
      },
      body: method === 'PUT' ? body : undefined,
    });
  }
}
