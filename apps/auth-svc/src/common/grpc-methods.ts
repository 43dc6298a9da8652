import { GrpcMethod } from '@nestjs/microservices';

import { auth } from '@trafficshare/contracts';

type Method = keyof auth.AuthServiceController;

/**
 * The generated `AuthServiceControllerMethods()` decorates every RPC of the service on one
 * class and throws on a class lacking one; auth-svc keeps one gRPC controller per feature
 * folder, so each controller names the generated methods it serves (checked against the
 * generated `AuthServiceController` type; the class implements `Pick<...>` of the same keys).
 */
export function AuthGrpcMethods(...methods: readonly Method[]): ClassDecorator {
  return (target) => {
    const proto = target.prototype as Record<string, unknown>;
    for (const method of methods) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, method);
      if (!descriptor) throw new Error(`${target.name} does not implement ${method}`);
      GrpcMethod(auth.AUTH_SERVICE_NAME, method)(proto, method, descriptor);
      Object.defineProperty(proto, method, descriptor);
    }
  };
}
