import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findWebBuild, IMMUTABLE, loadWebFiles, NO_CACHE } from './web-files';

describe('the web client build the gateway serves', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'web-files-'));
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, 'admin'));
    mkdirSync(join(dir, 'assets'));
    const page = '<html><head><meta name="telegram-bot" content="" /></head></html>';
    writeFileSync(join(dir, 'app/index.html'), page);
    writeFileSync(join(dir, 'admin/index.html'), page);
    writeFileSync(join(dir, 'assets/app-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets/chart-x.css'), 'a{}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the first directory holding a build', () => {
    expect(findWebBuild(['', join(dir, 'nope'), dir])).toBe(dir);
    expect(findWebBuild([join(dir, 'nope')])).toBeUndefined();
  });

  it('serves hashed assets immutable and the entry pages no-cache, with types and ETags', () => {
    const { assets, pages } = loadWebFiles(dir, { botUsername: 'TrafficShareBot' });
    const js = assets.get('/assets/app-abc123.js')!;
    expect(js.cacheControl).toBe(IMMUTABLE);
    expect(js.type).toBe('text/javascript; charset=utf-8');
    expect(js.etag).toMatch(/^"[\w-]{22}"$/);
    expect(assets.get('/assets/chart-x.css')!.type).toBe('text/css; charset=utf-8');
    const app = pages.get('/app')!;
    expect(app.cacheControl).toBe(NO_CACHE);
    expect(app.type).toBe('text/html; charset=utf-8');
    expect(app.body.toString()).toContain('<meta name="telegram-bot" content="TrafficShareBot" />');
    expect(pages.get('/admin')).toBeDefined();
  });

  it('escapes the bot username into the attribute', () => {
    const { pages } = loadWebFiles(dir, { botUsername: '"><script>' });
    expect(pages.get('/app')!.body.toString()).toContain('content="&quot;&gt;&lt;script&gt;"');
  });
});
