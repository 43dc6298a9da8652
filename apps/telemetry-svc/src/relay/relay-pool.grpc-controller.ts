import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { RelayPoolService } from './relay-pool.service';

/** TelemetryService: the admin traffic pool (superadmin; checked in the service). */
@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class RelayPoolGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'getTrafficPool' | 'addRelayNode' | 'checkRotation' | 'getKeyUsage'
> {
  constructor(private readonly pool: RelayPoolService) {}

  getTrafficPool(req: telemetry.GetTrafficPoolRequest): Promise<telemetry.GetTrafficPoolResponse> {
    return this.pool.pool(callerOf(req.caller));
  }

  addRelayNode(req: telemetry.AddRelayNodeRequest): Promise<telemetry.AddRelayNodeResponse> {
    return this.pool.add(callerOf(req.caller), req);
  }

  checkRotation(req: telemetry.CheckRotationRequest): Promise<telemetry.CheckRotationResponse> {
    return this.pool.rotation(callerOf(req.caller), req);
  }

  /** The caller's own keys, or (admins) any buyer's. */
  getKeyUsage(req: telemetry.GetKeyUsageRequest): Promise<telemetry.GetKeyUsageResponse> {
    return this.pool.keyUsage(subjectOf(callerOf(req.caller), req.telegramId), req);
  }
}
