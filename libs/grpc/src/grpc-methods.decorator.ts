import { GrpcMethod } from '@nestjs/microservices';

/**
 * Registers every method of a feature controller as an RPC of `service` (the proto service
 * name, e.g. 'TelemetryService'). ts-proto's generated `XServiceControllerMethods()` decorates
 * *all* RPCs of the service and breaks when a controller implements only some of them, which
 * is what one-folder-per-feature needs. Pair it with `implements Pick<XServiceController, ...>`
 * so the compiler still checks the signatures against the generated interface.
 */
export function GrpcMethods(service: string): ClassDecorator {
  return (target) => {
    const proto = (target as unknown as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor || typeof descriptor.value !== 'function') continue;
      GrpcMethod(service, name)(proto, name, descriptor);
      Object.defineProperty(proto, name, descriptor);
    }
  };
}
