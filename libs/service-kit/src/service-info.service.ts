import { Inject, Injectable } from '@nestjs/common';

import { appVersion } from '@trafficshare/config';

import type { ServiceContext } from './service-context';
import { SERVICE_CONTEXT } from './tokens';

export interface ServiceInfo {
  service: string;
  version: string;
  schemaHead: string;
  outboxBacklog: number;
}

/** Backs every service's Describe RPC. */
@Injectable()
export class ServiceInfoService {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async describe(): Promise<ServiceInfo> {
    const [head, backlog] = await Promise.all([this.ctx.schemaHead(), this.ctx.outboxBacklog()]);
    return {
      service: this.ctx.service.name,
      version: appVersion(),
      schemaHead: head ?? '',
      outboxBacklog: backlog,
    };
  }
}
