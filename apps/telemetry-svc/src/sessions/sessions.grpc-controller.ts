import { Controller } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { SessionsService } from './sessions.service';

@Controller()
@GrpcMethods('TelemetryService')
export class SessionsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'startSession' | 'heartbeat' | 'stopSession' | 'getSession'
> {
  constructor(private readonly sessions: SessionsService) {}

  startSession(req: telemetry.StartSessionRequest): Promise<telemetry.StartSessionResponse> {
    return this.sessions.start(req);
  }

  heartbeat(req: telemetry.HeartbeatRequest): Promise<telemetry.HeartbeatResponse> {
    return this.sessions.heartbeat(req);
  }

  stopSession(req: telemetry.StopSessionRequest): Promise<telemetry.StopSessionResponse> {
    return this.sessions.stop(req);
  }

  getSession(req: telemetry.GetSessionRequest): Promise<telemetry.GetSessionResponse> {
    return this.sessions.get(req.telegramId, req.sessionId);
  }
}
