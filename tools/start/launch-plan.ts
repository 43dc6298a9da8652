// Which apps run where: entry points, per-app environment and the URLs they answer on. Services
// always get their own default ports from apps.ts (a GRPC_PORT in .env would otherwise make all
// six collide), and every app gets the matching service addresses.

import { join } from 'node:path';

import {
  GATEWAY_DEFAULT_METRICS_PORT,
  GATEWAY_DEFAULT_PORT,
  RELAY_DEFAULT_METRICS_PORT,
  RELAY_DEFAULT_PROXY_PORT,
  RELAY_DEFAULT_SOCKS_PORT,
  RELAY_DEFAULT_TUNNEL_PORT,
  SERVICES,
  SERVICE_NAMES,
  type AppName,
  type ServiceName,
} from '@trafficshare/config';

import type { AppLaunch } from './processes';
import type { ReadinessCheck } from './readiness';

export interface LaunchPlan {
  readonly launches: readonly AppLaunch[];
  /** Every port the apps will listen on, with who listens. */
  readonly ports: ReadonlyMap<number, string>;
  readonly gatewayUrl: string;
  readonly checks: readonly ReadinessCheck[];
  /** Lines of "what runs where", printed once the platform is ready. */
  readonly urls: readonly string[];
}

function isService(name: AppName): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

export function entryPoint(root: string, app: AppName): string {
  return join(root, 'dist', 'apps', app, 'src', 'main.js');
}

function gatewayPort(env: Record<string, string | undefined>): number {
  const port = Number(env.GATEWAY_PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : GATEWAY_DEFAULT_PORT;
}

/** Every app gets every service's address (the gateway and services that call each other). */
function appEnv(app: AppName): Record<string, string> {
  const addresses = Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      SERVICES[name].urlEnv,
      `127.0.0.1:${SERVICES[name].defaultGrpcPort}`,
    ]),
  );
  if (app === 'relay') return { ...addresses, METRICS_PORT: String(RELAY_DEFAULT_METRICS_PORT) };
  if (!isService(app)) return { ...addresses, METRICS_PORT: String(GATEWAY_DEFAULT_METRICS_PORT) };
  const svc = SERVICES[app];
  return {
    ...addresses,
    GRPC_PORT: String(svc.defaultGrpcPort),
    METRICS_PORT: String(svc.defaultMetricsPort),
  };
}

export function planLaunch(
  root: string,
  apps: readonly AppName[],
  env: Record<string, string | undefined>,
): LaunchPlan {
  const port = gatewayPort(env);
  const gatewayUrl = `http://127.0.0.1:${port}`;
  const launches = apps.map((name) => ({
    name,
    script: entryPoint(root, name),
    cwd: root,
    env: { ...process.env, ...appEnv(name) },
  }));

  const services = apps.filter(isService);
  const ports = new Map<number, string>();
  if (apps.includes('gateway')) {
    ports.set(port, 'gateway HTTP');
    ports.set(GATEWAY_DEFAULT_METRICS_PORT, 'gateway metrics');
  }
  for (const name of services) {
    ports.set(SERVICES[name].defaultGrpcPort, `${name} gRPC`);
    ports.set(SERVICES[name].defaultMetricsPort, `${name} metrics`);
  }
  if (apps.includes('relay')) {
    ports.set(RELAY_DEFAULT_TUNNEL_PORT, 'relay device tunnels');
    ports.set(RELAY_DEFAULT_PROXY_PORT, 'relay HTTP proxy');
    ports.set(RELAY_DEFAULT_SOCKS_PORT, 'relay SOCKS5');
    ports.set(RELAY_DEFAULT_METRICS_PORT, 'relay metrics');
  }
  const notStarted = SERVICE_NAMES.filter((name) => !apps.includes(name));
  // The gateway's readiness covers every service and the infra; without the gateway, ask each
  // service's own readiness route on its metrics port.
  const relayCheck: ReadinessCheck[] = apps.includes('relay')
    ? [
        {
          name: 'relay',
          url: `http://127.0.0.1:${RELAY_DEFAULT_METRICS_PORT}/health/ready`,
          ignore: new Set<string>(),
        },
      ]
    : [];
  const serviceChecks: ReadinessCheck[] = apps.includes('gateway')
    ? [
        {
          name: 'gateway',
          url: `${gatewayUrl}/health/ready`,
          ignore: new Set(notStarted.flatMap((name) => [name, SERVICES[name].schema])),
        },
      ]
    : services.map((name) => ({
        name,
        url: `http://127.0.0.1:${SERVICES[name].defaultMetricsPort}/health/ready`,
        ignore: new Set<string>(),
      }));
  const checks = [...serviceChecks, ...relayCheck];

  const docsOff = /^(false|0|no)$/i.test(env.DOCS_ENABLED ?? '');
  const urls: string[] = [];
  if (apps.includes('gateway')) {
    urls.push(`API             ${gatewayUrl}`);
    if (!/^(false|0|no|off)$/i.test(env.WEB_ENABLED ?? '')) {
      urls.push(
        `Mini App        ${gatewayUrl}/app   (inside Telegram, or #tgWebAppData=<initData>)`,
      );
      urls.push(`Admin panel     ${gatewayUrl}/admin`);
    }
    if (!docsOff)
      urls.push(`API docs        ${gatewayUrl}/docs   (OpenAPI JSON: ${gatewayUrl}/docs-json)`);
    urls.push(`Health          ${gatewayUrl}/health/ready`);
    urls.push(`Gateway metrics http://127.0.0.1:${GATEWAY_DEFAULT_METRICS_PORT}/metrics`);
  }
  for (const name of services) {
    const svc = SERVICES[name];
    urls.push(
      `${name.padEnd(15)} gRPC 127.0.0.1:${svc.defaultGrpcPort}   metrics http://127.0.0.1:${svc.defaultMetricsPort}/metrics`,
    );
  }
  if (apps.includes('relay'))
    urls.push(
      `relay           proxy http://127.0.0.1:${RELAY_DEFAULT_PROXY_PORT}   socks5 127.0.0.1:${RELAY_DEFAULT_SOCKS_PORT}   ` +
        `tunnels ws://127.0.0.1:${RELAY_DEFAULT_TUNNEL_PORT}/tunnel   metrics http://127.0.0.1:${RELAY_DEFAULT_METRICS_PORT}/metrics`,
    );
  return { launches, ports, gatewayUrl, checks, urls };
}
