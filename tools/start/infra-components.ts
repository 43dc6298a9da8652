// Postgres, Redis and NATS as the start command sees them: where they should answer, how to
// probe them, which Debian package provides them and how to start a stopped one.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { probeNats, probePostgres, probeRedis, type ProbeResult } from './infra-probes';
import { which } from './system';

export type InfraName = 'postgres' | 'redis' | 'nats';

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
}

export interface InfraComponent {
  readonly name: InfraName;
  /** host:port shown in progress lines (no credentials). */
  readonly address: string;
  /** Whether it is meant to run on this machine, so we may start or install it. */
  readonly local: boolean;
  readonly aptPackage: string;
  probe(): Promise<ProbeResult>;
  isInstalled(): boolean;
  /** How to start the stopped local server; it needs root unless noted. */
  startCommand(): Command;
  /** One-off setup after we installed the package ourselves. */
  afterInstall?(): void;
}

// Same defaults as libs/config's infraShape.
const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trafficshare',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
} as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '']);

interface Endpoint {
  readonly host: string;
  readonly port: number;
}

function endpointOf(url: string, defaultPort: number): Endpoint {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : defaultPort };
}

function show({ host, port }: Endpoint): string {
  return `${host}:${port}`;
}

/** The first server of a NATS_URL ("nats://a:4222,nats://b:4222" or "a:4222"). */
function firstNatsServer(value: string): string {
  const first = (value.split(',')[0] ?? '').trim();
  return first.includes('://') ? first : `nats://${first}`;
}

const PG_CONF_ROOT = '/etc/postgresql';

/** Version and cluster name of the local cluster configured for `port` (pg_lsclusters). */
function postgresCluster(port: number): { version: string; cluster: string } {
  try {
    const out = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const [version, cluster, clusterPort] = line.trim().split(/\s+/);
      if (version && cluster && Number(clusterPort) === port) return { version, cluster };
    }
  } catch {
    // fall back to the documented `$(ls /etc/postgresql) main`
  }
  const versions = existsSync(PG_CONF_ROOT) ? readdirSync(PG_CONF_ROOT).sort() : [];
  return { version: versions[versions.length - 1] ?? '', cluster: 'main' };
}

function postgres(url: string): InfraComponent {
  const endpoint = endpointOf(url, 5432);
  return {
    name: 'postgres',
    address: show(endpoint),
    local: LOOPBACK.has(endpoint.host),
    aptPackage: 'postgresql',
    probe: () => probePostgres(url),
    isInstalled: () =>
      which('pg_ctlcluster') !== undefined &&
      existsSync(PG_CONF_ROOT) &&
      readdirSync(PG_CONF_ROOT).length > 0,
    startCommand: () => {
      const { version, cluster } = postgresCluster(endpoint.port);
      return {
        command: 'pg_ctlcluster',
        args: ['--skip-systemctl-redirect', version, cluster, 'start'],
      };
    },
    afterInstall: () => {
      // A fresh Debian cluster asks for passwords on TCP; development expects trust on loopback
      // (the default DATABASE_URL has no password). Only ever done right after our own install.
      const { version, cluster } = postgresCluster(endpoint.port);
      const hba = join(PG_CONF_ROOT, version, cluster, 'pg_hba.conf');
      if (!existsSync(hba)) return;
      const rules =
        '# Added by TrafficShare `npm start` right after installing PostgreSQL: trust loopback\n' +
        '# connections (development machines only).\n' +
        'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
      writeFileSync(hba, rules + readFileSync(hba, 'utf8'));
    },
  };
}

function redis(url: string): InfraComponent {
  const endpoint = endpointOf(url, 6379);
  return {
    name: 'redis',
    address: show(endpoint),
    local: LOOPBACK.has(endpoint.host),
    aptPackage: 'redis-server',
    probe: () => probeRedis(url),
    isInstalled: () => which('redis-server') !== undefined,
    startCommand: () => ({
      command: 'redis-server',
      args: [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        String(endpoint.port),
        '--save',
        '',
        '--appendonly',
        'no',
      ],
    }),
  };
}

const NATS_DEFAULT_PORT = 4222;

function nats(servers: string): InfraComponent {
  const endpoint = endpointOf(firstNatsServer(servers), NATS_DEFAULT_PORT);
  const standard = endpoint.port === NATS_DEFAULT_PORT;
  return {
    name: 'nats',
    address: show(endpoint),
    local: LOOPBACK.has(endpoint.host),
    aptPackage: 'nats-server',
    probe: () => probeNats(servers),
    isInstalled: () => which('nats-server') !== undefined,
    startCommand: () => {
      const exec = which('nats-server') ?? '/usr/sbin/nats-server';
      // Another port gets its own pid file and store dir: start-stop-daemon would otherwise see
      // the standard server and do nothing, and two servers can't share a JetStream store.
      const storeDir = standard ? '/var/lib/nats-server' : `/var/lib/nats-server-${endpoint.port}`;
      mkdirSync(storeDir, { recursive: true });
      const pidFile = standard
        ? []
        : ['--make-pidfile', '--pidfile', `/run/nats-server-${endpoint.port}.pid`];
      return {
        command: 'start-stop-daemon',
        args: [
          '--start',
          '--oknodo',
          '--background',
          ...pidFile,
          '--exec',
          exec,
          '--',
          '-a',
          '127.0.0.1',
          '-p',
          String(endpoint.port),
          '-js',
          '-sd',
          storeDir,
        ],
      };
    },
  };
}

export function infraComponents(env: Record<string, string | undefined>): InfraComponent[] {
  return [
    postgres(env.DATABASE_URL || DEFAULTS.DATABASE_URL),
    redis(env.REDIS_URL || DEFAULTS.REDIS_URL),
    nats(env.NATS_URL || DEFAULTS.NATS_URL),
  ];
}
