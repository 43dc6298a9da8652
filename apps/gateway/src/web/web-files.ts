import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** One file the gateway serves from the web client's build (apps/web → dist/apps/web). */
export interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Hashed build output: cached for a year, never revalidated (a new build has new names). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The entry pages: always revalidated, so a deploy is picked up at once. */
export const NO_CACHE = 'no-cache';

/** The entry pages of the build: URL prefix → its index.html inside the build directory. */
export const ENTRY_PAGES = { '/app': 'app/index.html', '/admin': 'admin/index.html' } as const;

const escapeAttr = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function webFile(body: Buffer, path: string, cacheControl: string): WebFile {
  return {
    body,
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    cacheControl,
  };
}

/** The first directory that holds a web build (app/index.html), if any. */
export function findWebBuild(candidates: readonly string[]): string | undefined {
  return candidates.find((dir) => dir && existsSync(join(dir, ENTRY_PAGES['/app'])));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/**
 * The web build read into memory (a few hundred KB): `/assets/<hashed name>` with the
 * immutable cache, and the two entry pages with no-cache and the Telegram bot username
 * filled into `<meta name="telegram-bot">` (the Login Widget needs it).
 */
export function loadWebFiles(
  dir: string,
  options: { botUsername: string },
): { assets: Map<string, WebFile>; pages: Map<string, WebFile> } {
  const assets = new Map<string, WebFile>();
  const assetsDir = join(dir, 'assets');
  if (existsSync(assetsDir)) {
    for (const file of walk(assetsDir)) {
      const url = `/assets/${relative(assetsDir, file).split(sep).join('/')}`;
      assets.set(url, webFile(readFileSync(file), file, IMMUTABLE));
    }
  }
  const pages = new Map<string, WebFile>();
  for (const [prefix, file] of Object.entries(ENTRY_PAGES)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const html = readFileSync(path, 'utf8').replace(
      '<meta name="telegram-bot" content="" />',
      `<meta name="telegram-bot" content="${escapeAttr(options.botUsername)}" />`,
    );
    pages.set(prefix, webFile(Buffer.from(html), path, NO_CACHE));
  }
  return { assets, pages };
}
