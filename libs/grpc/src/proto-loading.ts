import {
  loadPackageDefinition,
  type GrpcObject,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';

import type { GrpcContract } from '@trafficshare/config';
import { PROTO_ROOT } from '@trafficshare/contracts';

/** One set of loader options for servers and clients, matching ts-proto's generated types. */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: Number,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

const cache = new Map<string, PackageDefinition>();

export function loadServiceDefinition(svc: GrpcContract): PackageDefinition {
  let def = cache.get(svc.protoFile);
  if (!def) {
    def = loadSync(svc.protoFile, LOADER_OPTIONS);
    cache.set(svc.protoFile, def);
  }
  return def;
}

export function serviceClientConstructor(svc: GrpcContract): ServiceClientConstructor {
  const root = loadPackageDefinition(loadServiceDefinition(svc));
  let node: GrpcObject | ServiceClientConstructor = root;
  for (const part of `${svc.protoPackage}.${svc.protoService}`.split('.')) {
    node = (node as GrpcObject)[part] as GrpcObject | ServiceClientConstructor;
    if (!node)
      throw new Error(`${svc.protoPackage}.${svc.protoService} is not in ${svc.protoFile}`);
  }
  return node as ServiceClientConstructor;
}

/** Methods whose proto option says they may be retried (NO_SIDE_EFFECTS or IDEMPOTENT). */
export function idempotentMethods(svc: GrpcContract): Set<string> {
  const def = loadServiceDefinition(svc)[`${svc.protoPackage}.${svc.protoService}`] as Record<
    string,
    { originalName?: string; options?: Record<string, unknown> }
  >;
  const out = new Set<string>();
  for (const [name, method] of Object.entries(def)) {
    const level = method.options?.idempotency_level;
    if (level === 'NO_SIDE_EFFECTS' || level === 'IDEMPOTENT') {
      out.add(name);
      if (method.originalName) out.add(method.originalName);
    }
  }
  return out;
}
