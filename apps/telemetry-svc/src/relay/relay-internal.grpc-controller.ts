import { Controller } from '@nestjs/common';

import { telemetryInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { RelayPoolService } from './relay-pool.service';
import { RelayService } from './relay.service';

/** TelemetryInternalService: the relay admits device tunnels and reports relayed bytes. */
@Controller()
@GrpcMethods(telemetryInternal.TELEMETRY_INTERNAL_SERVICE_NAME)
export class RelayInternalGrpcController implements Pick<
  telemetryInternal.TelemetryInternalServiceController,
  'getRelaySession' | 'recordRelayedTraffic' | 'recordRelayHeartbeat'
> {
  constructor(
    private readonly relay: RelayService,
    private readonly pool: RelayPoolService,
  ) {}

  async recordRelayHeartbeat(
    req: telemetryInternal.RecordRelayHeartbeatRequest,
  ): Promise<telemetryInternal.RecordRelayHeartbeatResponse> {
    return { registered: await this.pool.heartbeat(req) };
  }

  getRelaySession(
    req: telemetryInternal.GetRelaySessionRequest,
  ): Promise<telemetryInternal.GetRelaySessionResponse> {
    return this.relay.session(req);
  }

  async recordRelayedTraffic(
    req: telemetryInternal.RecordRelayedTrafficRequest,
  ): Promise<telemetryInternal.RecordRelayedTrafficResponse> {
    return { applied: await this.relay.record(req) };
  }
}
