// docker-compose.yml and k8s/ must agree with the code: every variable an app requires is set,
// loopback defaults are overridden, values pass the app's own config validation, ports and probe
// routes are the ones the apps serve, service URLs point at real services, and no secret value is
// committed. The apps' config specs (apps/<app>/src/config.ts) and apps.ts are the truth.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  APP_NAMES,
  loadConfig,
  OPS_PATHS,
  SERVICE_NAMES,
  SERVICES,
  type AppName,
  type ServiceName,
} from '@trafficshare/config';

import {
  defaultOf,
  isLoopback,
  loadAllConfigSpecs,
  loopbackDefaultKeys,
  opsPortKey,
  portKeys,
  REPO_ROOT,
  requiredKeys,
  secretKeys,
  stubSecrets,
  type AnyConfigSpec,
} from './app-config';
import { composeSecretSpecs } from './compose-secrets';
import {
  interpolate,
  loadCompose,
  loadK8s,
  ofKind,
  resolvePort,
  type ConfigMap,
  type Container,
  type Hpa,
  type K8sObject,
  type Kustomization,
  type Secret,
  type Service,
  type Workload,
} from './manifests';

const SECRET_NAME = 'trafficshare-secrets';
const SECRET_TEMPLATE = 'k8s/secret.template.yaml';
const REQUIRED_KEYS_ANNOTATION = 'trafficshare.io/required-keys';
const INFRA = ['postgres', 'redis', 'nats'] as const;
const HPA_APPS: readonly AppName[] = ['gateway', 'telemetry-svc'];
/** Names that hold secrets wherever they appear, besides the apps' declared secrets. */
const SECRET_NAME_PATTERN = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY/;

const apps = [...APP_NAMES];
const compose = loadCompose(join(REPO_ROOT, 'docker-compose.yml'));
const k8s = loadK8s(join(REPO_ROOT, 'k8s'), REPO_ROOT);
const emptyDir = mkdtempSync(join(tmpdir(), 'deploy-spec-'));

let specs: ReadonlyMap<AppName, AnyConfigSpec>;
beforeAll(async () => {
  specs = await loadAllConfigSpecs();
});

function specOf(app: AppName): AnyConfigSpec {
  const spec = specs.get(app);
  if (!spec) throw new Error(`no config spec for ${app}`);
  return spec;
}

const allSecretKeys = (): Set<string> => new Set(apps.flatMap((app) => secretKeys(specOf(app))));
const isSecretName = (key: string): boolean =>
  allSecretKeys().has(key) || SECRET_NAME_PATTERN.test(key);

/** The port a variable ends up with: the manifest's value, else the code's default. */
function effectivePort(app: AppName, env: Readonly<Record<string, string>>, key: string): number {
  return Number(env[key] ?? defaultOf(specOf(app), key));
}

function effectivePorts(app: AppName, env: Readonly<Record<string, string>>): number[] {
  return portKeys(specOf(app))
    .map((key) => effectivePort(app, env, key))
    .sort((a, b) => a - b);
}

/** host and port of "host:port", "dns:///host:port" or "scheme://user@host:port/path". */
function hostPort(address: string): { host: string; port: number | undefined } {
  const url = new URL(
    address.includes('://') ? address.replace('dns:///', 'dns://') : `tcp://${address}`,
  );
  return { host: url.hostname, port: url.port ? Number(url.port) : undefined };
}

/** Services whose gRPC address (AUTH_GRPC_URL, ...) the app's config reads. */
function serviceUrlsReadBy(app: AppName): ServiceName[] {
  return SERVICE_NAMES.filter((name) => SERVICES[name].urlEnv in specOf(app).shape);
}

/** Validates the variables exactly as the app does at boot (throws ConfigError listing problems). */
function validate(app: AppName, env: Readonly<Record<string, string>>): void {
  loadConfig(specOf(app), { env: { ...env }, cwd: emptyDir });
}

const sorted = <T extends string | number>(values: Iterable<T>): T[] =>
  [...values].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );

// ---------------------------------------------------------------- docker-compose.yml

describe('docker-compose.yml', () => {
  const serviceOf = (app: string) => {
    const service = compose.get(app);
    if (!service) throw new Error(`docker-compose.yml has no service ${app}`);
    return service;
  };

  /** The app's environment with nothing set on the host: defaults applied, secrets stubbed. */
  function envOf(app: AppName): Record<string, string> {
    const stubs = stubSecrets(specOf(app));
    return Object.fromEntries(
      Object.entries(serviceOf(app).environment).map(([k, v]) => [
        k,
        interpolate(v, (name) => stubs[name] ?? 'stub').value,
      ]),
    );
  }

  it.each(apps)('has a service for %s running it from the shared image', (app) => {
    const service = serviceOf(app);
    expect(service.environment.APP).toBe(app);
    expect(service.image).toBe(serviceOf('gateway').image);
    expect(service.build).toBeDefined();
  });

  it.each(apps)('%s: every required variable is set', (app) => {
    const missing = requiredKeys(specOf(app)).filter((key) => !(key in serviceOf(app).environment));
    expect(missing).toEqual([]);
  });

  it.each(apps)(
    '%s: every loopback default is overridden, hosts and URLs leave the container',
    (app) => {
      const env = envOf(app);
      const keys = loopbackDefaultKeys(specOf(app));
      expect(keys.filter((key) => !(key in env))).toEqual([]);
      const stillLocal = keys.filter(
        (key) => /_(HOST|URL)$/.test(key) && isLoopback(env[key] ?? ''),
      );
      expect(stillLocal).toEqual([]);
    },
  );

  it.each(apps)(
    '%s: the environment passes the app config validation, in production mode',
    (app) => {
      const env = envOf(app);
      expect(env.NODE_ENV).toBe('production');
      expect(() => validate(app, env)).not.toThrow();
    },
  );

  it.each(apps)('%s: published and exposed ports are the ports the app listens on', (app) => {
    const service = serviceOf(app);
    const containerSide = [
      ...service.expose,
      ...service.ports.map((p) => interpolate(p).value.split(':').pop() ?? ''),
    ].map((p) => Number(p.split('/')[0]));
    expect(sorted(new Set(containerSide))).toEqual(effectivePorts(app, envOf(app)));
  });

  it.each(apps)('%s: the healthcheck asks the readiness route on the ops port', (app) => {
    const test = serviceOf(app).healthcheck?.test;
    const command = Array.isArray(test) ? test.join(' ') : String(test ?? '');
    const match = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[^\s'"`)]*)/.exec(command);
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBe(effectivePort(app, envOf(app), opsPortKey(app)));
    expect(match?.[2]).toBe(OPS_PATHS.ready);
  });

  it.each(apps)(
    '%s: starts after healthy Postgres, Redis and NATS (the gateway also after every service, the relay after the services it asks)',
    (app) => {
      const needs =
        app === 'gateway'
          ? [...INFRA, ...SERVICE_NAMES]
          : app === 'relay'
            ? serviceUrlsReadBy(app)
            : [...INFRA];
      const dependsOn = serviceOf(app).dependsOn;
      expect(needs.filter((name) => dependsOn[name] !== 'service_healthy')).toEqual([]);
      for (const name of needs) expect(serviceOf(name).healthcheck?.test).toBeDefined();
    },
  );

  it.each(apps)(
    '%s: each service address it reads names that compose service and its gRPC port',
    (app) => {
      const env = envOf(app);
      for (const name of serviceUrlsReadBy(app)) {
        const url = SERVICES[name].urlEnv;
        const { host, port } = hostPort(env[url] ?? '');
        expect({ url, host, port }).toEqual({
          url,
          host: name,
          port: effectivePort(name, envOf(name), 'GRPC_PORT'),
        });
      }
    },
  );

  it.each(apps)('%s: DATABASE_URL, REDIS_URL and NATS_URL point at compose services', (app) => {
    const env = envOf(app);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'NATS_URL']) {
      if (!(key in specOf(app).shape)) continue;
      expect({ key, known: compose.has(hostPort(env[key] ?? '').host) }).toEqual({
        key,
        known: true,
      });
    }
  });

  it('commits no secret value: secrets are ${VAR:?...} from the host environment', () => {
    // Grafana reads GF_SECURITY_ADMIN_PASSWORD; the host variable may have another secret name.
    const literal = [...compose.values()].flatMap((service) =>
      Object.entries(service.environment)
        .filter(([key]) => isSecretName(key))
        .filter(([, raw]) => {
          const { value, required } = interpolate(raw, () => '');
          return value !== '' || required.length === 0 || !required.every(isSecretName);
        })
        .map(([key]) => `${service.name}.${key}`),
    );
    expect(literal).toEqual([]);
  });

  it('compose-secrets.ts generates exactly the variables docker-compose.yml requires', () => {
    const required = new Set(
      [...compose.values()].flatMap((service) =>
        Object.values(service.environment).flatMap((raw) => interpolate(raw).required),
      ),
    );
    const generated = new Set(composeSecretSpecs(specs.values()).flatMap((s) => [...s.keys]));
    expect(sorted(generated)).toEqual(sorted(required));
  });
});

// ---------------------------------------------------------------- k8s/

describe('k8s manifests', () => {
  const deployments = ofKind<Workload>(k8s, 'Deployment');
  const workloads = [...deployments, ...ofKind<Workload>(k8s, 'StatefulSet')];
  const services = ofKind<Service>(k8s, 'Service');
  const configMaps = ofKind<ConfigMap>(k8s, 'ConfigMap');

  interface AppManifests {
    readonly deployment: Workload;
    readonly container: Container;
    readonly configMaps: readonly ConfigMap[];
    readonly service: Service;
    /** Plain values: ConfigMaps referenced by envFrom, then env[].value. */
    readonly env: Readonly<Record<string, string>>;
    /** Variable → key in trafficshare-secrets (or another Secret, which a test rejects). */
    readonly secretRefs: Readonly<Record<string, { name?: string; key?: string }>>;
  }

  function manifestsOf(app: AppName): AppManifests {
    const deployment = deployments.find((d) => d.metadata.name === app);
    if (!deployment) throw new Error(`k8s/ has no Deployment ${app}`);
    const containers = deployment.spec.template.spec.containers;
    const container = containers.find((c) => c.name === app) ?? containers[0];
    if (!container) throw new Error(`Deployment ${app} has no container`);
    const service = services.find((s) => s.metadata.name === app);
    if (!service) throw new Error(`k8s/ has no Service ${app}`);
    const refs = (container.envFrom ?? []).flatMap((e) =>
      e.configMapRef?.name ? [e.configMapRef.name] : [],
    );
    const maps = refs.map((name) => {
      const map = configMaps.find((c) => c.metadata.name === name);
      if (!map)
        throw new Error(`Deployment ${app} reads ConfigMap ${name}, which k8s/ does not define`);
      return map;
    });
    const env: Record<string, string> = Object.assign({}, ...maps.map((m) => m.data ?? {}));
    const secretRefs: Record<string, { name?: string; key?: string }> = {};
    for (const v of container.env ?? []) {
      if (v.value !== undefined) env[v.name] = String(v.value);
      if (v.valueFrom?.secretKeyRef) secretRefs[v.name] = v.valueFrom.secretKeyRef;
    }
    return { deployment, container, configMaps: maps, service, env, secretRefs };
  }

  it.each(apps)(
    '%s has a Deployment, a Service and a ConfigMap, running the shared image',
    (app) => {
      const m = manifestsOf(app);
      expect(m.configMaps.length).toBeGreaterThan(0);
      expect(m.env.APP).toBe(app);
      expect(m.container.image).toBe(manifestsOf('gateway').container.image);
    },
  );

  it.each(apps)('%s: every required variable is set (ConfigMap or Secret reference)', (app) => {
    const m = manifestsOf(app);
    const missing = requiredKeys(specOf(app)).filter(
      (key) => !(key in m.env) && !(key in m.secretRefs),
    );
    expect(missing).toEqual([]);
  });

  it.each(apps)('%s: secrets come only from secretKeyRefs to %s', (app) => {
    const m = manifestsOf(app);
    for (const key of secretKeys(specOf(app))) {
      expect({ key, plain: key in m.env, ref: m.secretRefs[key]?.name }).toEqual({
        key,
        plain: false,
        ref: SECRET_NAME,
      });
    }
    for (const [variable, ref] of Object.entries(m.secretRefs)) {
      expect({ variable, secret: ref.name, hasKey: Boolean(ref.key) }).toEqual({
        variable,
        secret: SECRET_NAME,
        hasKey: true,
      });
    }
  });

  it.each(apps)('%s: every loopback default is overridden, hosts and URLs leave the pod', (app) => {
    const m = manifestsOf(app);
    const keys = loopbackDefaultKeys(specOf(app));
    expect(keys.filter((key) => !(key in m.env) && !(key in m.secretRefs))).toEqual([]);
    expect(keys.filter((key) => /_(HOST|URL)$/.test(key) && isLoopback(m.env[key] ?? ''))).toEqual(
      [],
    );
  });

  it.each(apps)(
    '%s: the environment passes the app config validation, in production mode',
    (app) => {
      const m = manifestsOf(app);
      expect(m.env.NODE_ENV).toBe('production');
      // Secret values are stood in for by the specs' own generators; other referenced secrets
      // (DATABASE_URL) keep their defaults, which are valid.
      const stubs = stubSecrets(specOf(app));
      const secretsEnv = Object.fromEntries(
        Object.keys(m.secretRefs).flatMap((k) => (stubs[k] ? [[k, stubs[k]]] : [])),
      );
      expect(() => validate(app, { ...m.env, ...secretsEnv })).not.toThrow();
    },
  );

  it.each(apps)('%s: container ports and Service ports are the ports the app listens on', (app) => {
    const m = manifestsOf(app);
    const expected = effectivePorts(app, m.env);
    expect(sorted((m.container.ports ?? []).map((p) => p.containerPort))).toEqual(expected);
    expect(sorted(m.service.spec.ports.map((p) => p.port))).toEqual(expected);
    for (const p of m.service.spec.ports) {
      expect({ port: p.port, target: resolvePort(m.container, p.targetPort ?? p.port) }).toEqual({
        port: p.port,
        target: p.port,
      });
    }
    const podLabels =
      (m.deployment.spec.template as { metadata?: { labels?: Record<string, string> } }).metadata
        ?.labels ?? {};
    expect(podLabels).toMatchObject(m.service.spec.selector ?? { missing: 'selector' });
  });

  it.each(apps)(
    '%s: readiness, liveness and startup probes use the ops routes on the ops port',
    (app) => {
      const m = manifestsOf(app);
      const opsPort = effectivePort(app, m.env, opsPortKey(app));
      const probe = (kind: 'readinessProbe' | 'livenessProbe' | 'startupProbe') => {
        const get = m.container[kind]?.httpGet;
        return get ? { path: get.path, port: resolvePort(m.container, get.port) } : undefined;
      };
      expect(probe('readinessProbe')).toEqual({ path: OPS_PATHS.ready, port: opsPort });
      expect(probe('livenessProbe')).toEqual({ path: OPS_PATHS.live, port: opsPort });
      const startup = probe('startupProbe');
      if (startup) expect([OPS_PATHS.live, OPS_PATHS.ready]).toContain(startup.path);
      if (startup) expect(startup.port).toBe(opsPort);
    },
  );

  it.each(apps)('%s: sets CPU and memory requests and limits', (app) => {
    const { resources } = manifestsOf(app).container;
    expect(resources?.requests).toEqual(
      expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
    );
    expect(resources?.limits).toEqual(
      expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
    );
  });

  it.each(HPA_APPS)('%s scales with a HorizontalPodAutoscaler on its Deployment', (app) => {
    const hpa = ofKind<Hpa>(k8s, 'HorizontalPodAutoscaler').find(
      (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === app,
    );
    expect(hpa).toBeDefined();
    expect(hpa?.spec.maxReplicas).toBeGreaterThan(hpa?.spec.minReplicas ?? 1);
  });

  it.each(apps)('%s: each service address it reads names that Service and its gRPC port', (app) => {
    const env = manifestsOf(app).env;
    for (const name of serviceUrlsReadBy(app)) {
      const url = SERVICES[name].urlEnv;
      const { host, port } = hostPort(env[url] ?? '');
      const target = manifestsOf(name);
      expect({ url, host, port }).toEqual({
        url,
        host: name,
        port: effectivePort(name, target.env, 'GRPC_PORT'),
      });
      expect(target.service.spec.ports.map((p) => p.port)).toContain(port);
    }
  });

  it.each(SERVICE_NAMES)(
    '%s: its Service is headless and every client dials it as dns:/// (calls spread over replicas)',
    (name) => {
      expect(manifestsOf(name).service.spec.clusterIP).toBe('None');
      const clients = apps.filter((app) => serviceUrlsReadBy(app).includes(name));
      for (const app of clients) {
        const url = SERVICES[name].urlEnv;
        expect({ app, url, value: manifestsOf(app).env[url] }).toEqual({
          app,
          url,
          value: expect.stringMatching(/^dns:\/\/\//),
        });
      }
    },
  );

  it('the gateway Service keeps a cluster IP (it is reached through an Ingress or port-forward)', () => {
    expect(manifestsOf('gateway').service.spec.clusterIP).toBeUndefined();
  });

  it.each(apps)('%s: REDIS_URL and NATS_URL name Services defined in k8s/', (app) => {
    const env = manifestsOf(app).env;
    for (const key of ['REDIS_URL', 'NATS_URL']) {
      if (!(key in specOf(app).shape)) continue;
      const { host } = hostPort(env[key] ?? '');
      expect({
        key,
        host,
        defined: services.some((s) => s.metadata.name === host.split('.')[0]),
      }).toEqual({
        key,
        host,
        defined: true,
      });
    }
  });

  it('commits no secret value: Secrets carry no data, ConfigMaps and env values hold no secret', () => {
    const secretsWithData = ofKind<Secret>(k8s, 'Secret')
      .filter(
        (s) => Object.keys(s.data ?? {}).length > 0 || Object.keys(s.stringData ?? {}).length > 0,
      )
      .map((s) => `${s.file}: ${s.metadata.name}`);
    expect(secretsWithData).toEqual([]);
    const inConfigMaps = configMaps.flatMap((c) =>
      Object.keys(c.data ?? {})
        .filter(isSecretName)
        .map((k) => `${c.metadata.name}.${k}`),
    );
    expect(inConfigMaps).toEqual([]);
    const plainEnv = workloads.flatMap((w) =>
      w.spec.template.spec.containers.flatMap((c) =>
        (c.env ?? [])
          .filter((v) => isSecretName(v.name) && v.value !== undefined)
          .map((v) => `${w.metadata.name}.${v.name}`),
      ),
    );
    expect(plainEnv).toEqual([]);
  });

  it(`${SECRET_TEMPLATE} lists exactly the keys the manifests reference`, () => {
    const template = ofKind<Secret>(k8s, 'Secret').find((s) => s.file === SECRET_TEMPLATE);
    expect(template?.metadata.name).toBe(SECRET_NAME);
    const listed = (template?.metadata.annotations?.[REQUIRED_KEYS_ANNOTATION] ?? '')
      .split(',')
      .map((k) => k.trim());
    const referenced = new Set(
      workloads.flatMap((w) =>
        w.spec.template.spec.containers.flatMap((c) =>
          (c.env ?? []).flatMap((v) =>
            v.valueFrom?.secretKeyRef?.name === SECRET_NAME
              ? [v.valueFrom.secretKeyRef.key ?? '']
              : [],
          ),
        ),
      ),
    );
    expect(sorted(listed)).toEqual(sorted(referenced));
  });

  it('every manifest is part of a kustomization (except the Secret template), and every resource exists', () => {
    const kustomizations = ofKind<Kustomization>(k8s, 'Kustomization');
    const listed = new Set(
      kustomizations.flatMap((k) => (k.resources ?? []).map((r) => join(k.file, '..', r))),
    );
    const files = new Set(
      k8s.filter((o: K8sObject) => o.kind !== 'Kustomization').map((o) => o.file),
    );
    const unlisted = [...files].filter((f) => !listed.has(f) && f !== SECRET_TEMPLATE);
    expect(unlisted).toEqual([]);
    const dangling = [...listed].filter(
      (f) => !files.has(f) && !kustomizations.some((k) => join(k.file, '..') === f),
    );
    expect(dangling).toEqual([]);
    expect(listed.has(SECRET_TEMPLATE)).toBe(false);
  });
});
