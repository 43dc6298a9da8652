import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import { mb } from '../../common/units';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  AddRelayNodeRoute,
  KeyUsageRoute,
  RotationCheckRoute,
  TrafficPoolRoute,
} from './admin-traffic.contract';
import { keyRotationJson, relayNodeJson } from './admin-traffic.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const AdminTrafficTelemetry = narrowClient('telemetry', [
  'getTrafficPool',
  'addRelayNode',
  'checkRotation',
]);

/** The admin traffic pool: relay nodes and their devices, pool add, rotation check, key usage —
 *  all from telemetry-svc, which hears every relay node's heartbeats. */
@Controller()
export class AdminTrafficController {
  constructor(
    @Inject(AdminTrafficTelemetry.token)
    private readonly telemetry: typeof AdminTrafficTelemetry.type,
  ) {}

  @Route(TrafficPoolRoute)
  async pool(
    _input: RouteInput<typeof TrafficPoolRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof TrafficPoolRoute>> {
    const res = await this.telemetry.getTrafficPool(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return {
      nodes: res.nodes.map(relayNodeJson),
      devices_sharing: res.devicesSharing,
      distinct_ips: res.distinctIps,
      countries: res.countries.map((c) => ({ country: c.country, devices: c.devices })),
      pool_size: res.poolSize,
      free_slots: res.freeSlots,
      streams_open: res.streamsOpen,
      mb_per_s: mb(Number(res.milliMbPerS)),
    };
  }

  @Route(AddRelayNodeRoute)
  async add(
    { body }: RouteInput<typeof AddRelayNodeRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AddRelayNodeRoute>> {
    const res = await this.telemetry.addRelayNode(
      { caller: callerOf(request), nodeId: body.node_id, url: body.url, region: body.region },
      callOptions(request),
    );
    return { created: res.created, node: relayNodeJson(res.node) };
  }

  @Route(RotationCheckRoute)
  async check(
    { query }: RouteInput<typeof RotationCheckRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RotationCheckRoute>> {
    const res = await this.telemetry.checkRotation(
      { caller: callerOf(request), keyId: query.key_id ?? '', minutes: query.minutes ?? 60 },
      callOptions(request),
    );
    return {
      minutes: res.minutes,
      from: res.from,
      to: res.to,
      keys: res.keys.map((k) => keyRotationJson(k)),
    };
  }

  @Route(KeyUsageRoute)
  async usage(
    { params, query }: RouteInput<typeof KeyUsageRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof KeyUsageRoute>> {
    const res = await this.telemetry.checkRotation(
      { caller: callerOf(request), keyId: params.key_id, minutes: query.minutes ?? 1440 },
      callOptions(request),
    );
    return {
      minutes: res.minutes,
      from: res.from,
      to: res.to,
      usage: keyRotationJson(res.keys[0], params.key_id),
    };
  }
}
