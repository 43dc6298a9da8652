import { Controller } from '@nestjs/common';

import { commonNames, telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { SessionsService } from './sessions.service';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class SessionsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'startSession' | 'heartbeat' | 'stopSession' | 'getSession'
> {
  constructor(private readonly sessions: SessionsService) {}

  startSession(req: telemetry.StartSessionRequest): Promise<telemetry.StartSessionResponse> {
    return this.sessions.start(callerOf(req.caller), {
      ...req,
      networkType: commonNames.networkType.toNameOr(req.networkType, 'unknown'),
      language: commonNames.language.toNameOr(req.language, 'en'),
    });
  }

  heartbeat(req: telemetry.HeartbeatRequest): Promise<telemetry.HeartbeatResponse> {
    return this.sessions.heartbeat(callerOf(req.caller).telegramId, req);
  }

  stopSession(req: telemetry.StopSessionRequest): Promise<telemetry.StopSessionResponse> {
    return this.sessions.stop(callerOf(req.caller).telegramId, req);
  }

  getSession(req: telemetry.GetSessionRequest): Promise<telemetry.GetSessionResponse> {
    return this.sessions.get(subjectOf(callerOf(req.caller), req.telegramId), req.sessionId);
  }
}
