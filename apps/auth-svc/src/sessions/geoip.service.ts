import { existsSync } from 'node:fs';

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { open, type CityResponse, type Reader } from 'maxmind';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

export interface GeoLocation {
  readonly city: string;
  readonly country: string;
}

const NONE: GeoLocation = { city: '', country: '' };

/** City and country of a login IP from a MaxMind City database, when one is configured. */
@Injectable()
export class GeoIpService implements OnModuleInit {
  private reader: Reader<CityResponse> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const path = this.config.GEOIP_CITY_DB;
    if (!path) return;
    if (!existsSync(path)) {
      this.logger.warn({ path }, 'GEOIP_CITY_DB does not exist; logins get no city');
      return;
    }
    this.reader = await open<CityResponse>(path);
  }

  lookup(ip: string): GeoLocation {
    if (!this.reader || !ip) return NONE;
    try {
      const found = this.reader.get(ip);
      return {
        city: found?.city?.names?.en ?? '',
        country: found?.country?.iso_code ?? '',
      };
    } catch {
      return NONE;
    }
  }
}
