// Reads docker-compose.yml and the k8s/ manifests into small typed views for the manifest test.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

// ---------------------------------------------------------------- docker compose

export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: unknown;
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
  readonly expose: readonly string[];
  /** Mounts as `source:target[:mode]` (long-syntax entries are written the same way). */
  readonly volumes: readonly string[];
  readonly healthcheck?: { readonly test?: string | readonly string[] };
  readonly dependsOn: Readonly<Record<string, string | undefined>>;
}

interface RawComposeService {
  image?: string;
  build?: unknown;
  command?: unknown;
  environment?: Record<string, unknown> | string[];
  ports?: unknown[];
  expose?: unknown[];
  volumes?: (string | { source?: string; target?: string; read_only?: boolean })[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string } | null>;
}

/** A YAML scalar as compose passes it to the container (numbers and booleans as text). */
function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function environmentOf(raw: RawComposeService['environment']): Record<string, string> {
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, scalar(v)]));
}

function volumesOf(raw: RawComposeService['volumes']): string[] {
  return (raw ?? []).map((v) =>
    typeof v === 'string'
      ? v
      : [v.source ?? '', v.target ?? '', ...(v.read_only ? ['ro'] : [])].join(':'),
  );
}

function dependsOnOf(raw: RawComposeService['depends_on']): Record<string, string | undefined> {
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(raw ?? {}).map(([name, v]) => [name, v?.condition]));
}

export function loadCompose(file: string): ReadonlyMap<string, ComposeService> {
  // merge: compose files share blocks with YAML anchors and `<<:` merge keys.
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services?: Record<string, RawComposeService>;
  };
  return new Map(
    Object.entries(doc.services ?? {}).map(([name, raw]) => [
      name,
      {
        name,
        image: raw.image,
        build: raw.build,
        command: raw.command,
        environment: environmentOf(raw.environment),
        ports: (raw.ports ?? []).map(String),
        expose: (raw.expose ?? []).map(String),
        volumes: volumesOf(raw.volumes),
        healthcheck: raw.healthcheck,
        dependsOn: dependsOnOf(raw.depends_on),
      },
    ]),
  );
}

const INTERPOLATION =
  /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface Interpolated {
  /** The value as compose would see it with nothing set: defaults applied, others from `fill`. */
  readonly value: string;
  /** Variables read from the host environment. */
  readonly variables: readonly string[];
  /** Variables compose insists on (`${VAR:?message}`). */
  readonly required: readonly string[];
}

/** Compose's variable interpolation, for values in the file. */
export function interpolate(raw: string, fill: (name: string) => string = () => ''): Interpolated {
  const variables: string[] = [];
  const required: string[] = [];
  const value = raw.replace(
    INTERPOLATION,
    (
      match,
      braced: string | undefined,
      op: string | undefined,
      arg: string | undefined,
      bare: string | undefined,
    ) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare) as string;
      variables.push(name);
      if (op?.endsWith('-')) return arg ?? '';
      if (op?.endsWith('?')) required.push(name);
      return fill(name);
    },
  );
  return { value, variables, required };
}

// ---------------------------------------------------------------- kubernetes

export interface K8sMeta {
  readonly name: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface K8sObject {
  readonly file: string;
  readonly apiVersion?: string;
  readonly kind: string;
  readonly metadata: K8sMeta;
}

export interface ConfigMap extends K8sObject {
  readonly data?: Readonly<Record<string, string>>;
}

export interface Secret extends K8sObject {
  readonly data?: Readonly<Record<string, unknown>> | null;
  readonly stringData?: Readonly<Record<string, unknown>> | null;
}

export type PortRef = number | string;

export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: PortRef };
  readonly tcpSocket?: { readonly port?: PortRef };
  readonly exec?: unknown;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name?: string; readonly key?: string };
    readonly configMapKeyRef?: { readonly name?: string; readonly key?: string };
  };
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly {
    readonly configMapRef?: { readonly name?: string };
    readonly secretRef?: { readonly name?: string };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string | number>>;
    readonly limits?: Readonly<Record<string, string | number>>;
  };
}

export interface PodTemplate {
  readonly metadata?: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly containers: readonly Container[];
    readonly initContainers?: readonly Container[];
  };
}

export interface Workload extends K8sObject {
  readonly spec: { readonly replicas?: number; readonly template: PodTemplate };
}

export interface Service extends K8sObject {
  readonly spec: {
    readonly type?: string;
    /** 'None' makes the Service headless: its DNS name resolves to every ready pod. */
    readonly clusterIP?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports: readonly {
      readonly name?: string;
      readonly port: number;
      readonly targetPort?: PortRef;
    }[];
  };
}

export interface Hpa extends K8sObject {
  readonly spec: {
    readonly scaleTargetRef: { readonly kind: string; readonly name: string };
    readonly minReplicas?: number;
    readonly maxReplicas: number;
  };
}

export interface Kustomization extends K8sObject {
  readonly resources?: readonly string[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    })
    .sort();
}

function isK8sObject(value: unknown): value is Omit<K8sObject, 'file'> {
  return (
    typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string'
  );
}

/** Every document of every YAML file under `dir`, with the file it came from (relative to root). */
export function loadK8s(dir: string, root: string): K8sObject[] {
  return yamlFiles(dir).flatMap((path) =>
    parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`${relative(root, path)}: ${doc.errors[0]?.message}`);
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return [];
      if (!isK8sObject(value)) throw new Error(`${relative(root, path)}: a document without kind`);
      const metadata = 'metadata' in value && value.metadata ? value.metadata : { name: '' };
      return [{ ...value, metadata, file: relative(root, path) }];
    }),
  );
}

export function ofKind<T extends K8sObject>(objects: readonly K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

/** A container port number from a probe's or Service's port (number or port name). */
export function resolvePort(container: Container, port: PortRef | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}
