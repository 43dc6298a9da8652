import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { jwtKeyPairSecret, port, telegramBotTokenSecret } from './shapes';
import { ConfigError, loadConfig, redactConfig, type ConfigSpec } from './load-config';

const shape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  GATEWAY_PORT: port(8080),
  DATABASE_URL: z.string().url(),
  TELEGRAM_BOT_TOKEN: z.string().min(10),
  JWT_PRIVATE_KEY: z.string().min(40),
  JWT_PUBLIC_KEY: z.string().min(40),
};
const spec: ConfigSpec<typeof shape> = {
  app: 'gateway',
  shape,
  secrets: [telegramBotTokenSecret, jwtKeyPairSecret],
};

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'config-spec-'));
}

describe(loadConfig.name, () => {
  it('lists every bad variable at once', () => {
    const sut = () =>
      loadConfig(spec, {
        cwd: scratchDir(),
        env: {
          GATEWAY_PORT: 'eighty',
          DATABASE_URL: 'not a url',
          TELEGRAM_BOT_TOKEN: 'x',
          JWT_PRIVATE_KEY: 'k'.repeat(40),
          JWT_PUBLIC_KEY: 'k'.repeat(40),
        },
      });
    expect(sut).toThrow(ConfigError);
    try {
      sut();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems.map((p) => p.split(':')[0])).toEqual([
        'GATEWAY_PORT',
        'DATABASE_URL',
        'TELEGRAM_BOT_TOKEN',
      ]);
      // A secret's value is never echoed back.
      expect((err as ConfigError).message).not.toContain('"x"');
      expect((err as ConfigError).message).toContain('(got "eighty")');
    }
  });

  it('reads .env below the process environment', () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, '.env'), 'GATEWAY_PORT=9000\nDATABASE_URL=postgres://a@b/c\n');
    const config = loadConfig(spec, { cwd, env: { GATEWAY_PORT: '9100' } });
    expect(config.GATEWAY_PORT).toBe(9100);
    expect(config.DATABASE_URL).toBe('postgres://a@b/c');
  });

  it('generates missing secrets once on a developer machine and reuses them', () => {
    const cwd = scratchDir();
    const env = { DATABASE_URL: 'postgres://a@b/c' };
    const first = loadConfig(spec, { cwd, env });
    const second = loadConfig(spec, { cwd, env });
    expect(first.TELEGRAM_BOT_TOKEN).toMatch(/^\d+:[A-Za-z0-9_-]{35}$/);
    expect(second.TELEGRAM_BOT_TOKEN).toBe(first.TELEGRAM_BOT_TOKEN);
    expect(second.JWT_PUBLIC_KEY).toBe(first.JWT_PUBLIC_KEY);
    expect(
      readFileSync(join(cwd, '.secrets.env'), 'utf8').match(/TELEGRAM_BOT_TOKEN=/g),
    ).toHaveLength(1);
  });

  it('refuses to start in production without secrets, naming each', () => {
    const cwd = scratchDir();
    expect(() =>
      loadConfig(spec, { cwd, env: { NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c' } }),
    ).toThrow(
      /TELEGRAM_BOT_TOKEN: required secret is missing[\s\S]*JWT_PRIVATE_KEY[\s\S]*JWT_PUBLIC_KEY/,
    );
  });

  it('redacts secrets and URL passwords for logging', () => {
    const config = loadConfig(spec, {
      cwd: scratchDir(),
      env: { DATABASE_URL: 'postgres://user:hunter2@db/x', TELEGRAM_BOT_TOKEN: '1:abcdefghijkl' },
    });
    const shown = JSON.stringify(redactConfig(spec, config));
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('abcdefghijkl');
    expect(shown).toContain('[secret]');
  });
});
