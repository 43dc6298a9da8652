import { statSync } from 'node:fs';

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { open, type Reader, type Response } from 'maxmind';

import { CONFIG, LOGGER } from '@trafficshare/service-kit';
import type { Logger } from '@trafficshare/observability';

import type { AppConfig } from '../config';
import type { IpAddress } from '../ip/ip-address';
import { AsnTable } from './asn-table';
import type {
  AnonymousIpRecord,
  AsnRecord,
  ConnectionTypeRecord,
  CountryRecord,
  GeoFacts,
} from './geoip.types';

type Db<T> = Reader<T & Response> | undefined;

/**
 * GeoIP and ASN from local databases (paths configurable). Country comes from a Country or City
 * mmdb (MaxMind or @ip-location-db layout); the AS of an address from an ASN/ISP mmdb or, by
 * default, the bundled @ip-location-db/asn table; Anonymous-IP and Connection-Type dbs are
 * optional. Lookups are local and synchronous.
 */
@Injectable()
export class GeoIpService implements OnModuleInit {
  private country: Db<CountryRecord>;
  private asn: Db<AsnRecord>;
  private asnTable: AsnTable | undefined;
  private connection: Db<ConnectionTypeRecord>;
  private anonymous: Db<AnonymousIpRecord>;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const c = this.config;
    const asnIsTable = c.GEOIP_ASN_DB !== '' && statSync(c.GEOIP_ASN_DB).isDirectory();
    if (asnIsTable) this.asnTable = this.loadAsnTable(c.GEOIP_ASN_DB);
    [this.country, this.asn, this.connection, this.anonymous] = await Promise.all([
      this.openDb<CountryRecord>('country', c.GEOIP_COUNTRY_DB),
      this.openDb<AsnRecord>('asn', asnIsTable ? '' : c.GEOIP_ASN_DB),
      this.openDb<ConnectionTypeRecord>('connection_type', c.GEOIP_CONNECTION_TYPE_DB),
      this.openDb<AnonymousIpRecord>('anonymous_ip', c.GEOIP_ANONYMOUS_IP_DB),
    ]);
    if (!this.country)
      this.logger.warn('no country database: every START is denied region_not_allowed');
  }

  private async openDb<T>(kind: string, path: string): Promise<Db<T>> {
    if (!path) return undefined;
    // A configured database that cannot be opened is a boot failure, not a silent downgrade.
    const reader = await open<T & Response>(path, { cache: { max: 50_000 } });
    this.logger.info(
      { kind, type: reader.metadata.databaseType, built: reader.metadata.buildEpoch },
      'mmdb opened',
    );
    return reader;
  }

  private loadAsnTable(dir: string): AsnTable {
    const started = performance.now();
    // A configured table that cannot be read is a boot failure, like a database.
    const table = AsnTable.load(dir);
    this.logger.info(
      { kind: 'asn', ranges: table.size, load_ms: Math.round(performance.now() - started) },
      'ASN table loaded',
    );
    return table;
  }

  lookup(ip: IpAddress): GeoFacts {
    const c = this.country?.get(ip.text) ?? null;
    const a = this.asn?.get(ip.text) ?? this.asnFromTable(ip);
    const t = this.connection?.get(ip.text) ?? null;
    const sub = c?.subdivisions?.[0];
    return {
      country: upper(c?.country?.iso_code ?? c?.country_code),
      region: sub?.iso_code ?? sub?.names?.en ?? c?.state1 ?? null,
      asn: a?.autonomous_system_number ?? null,
      isp: a?.isp ?? a?.autonomous_system_organization ?? a?.organization ?? null,
      connectionType: t?.connection_type ?? null,
      mobileCarrier: Boolean(a?.mobile_country_code),
    };
  }

  private asnFromTable(ip: IpAddress): AsnRecord | null {
    const found = this.asnTable?.lookup(ip);
    return found
      ? {
          autonomous_system_number: found.asn,
          autonomous_system_organization: found.organization ?? undefined,
        }
      : null;
  }

  /** MaxMind Anonymous-IP record, when that database is configured. */
  anonymousIp(ip: IpAddress): AnonymousIpRecord | undefined {
    if (!this.anonymous) return undefined;
    return this.anonymous.get(ip.text) ?? {};
  }

  get hasAnonymousIpDb(): boolean {
    return this.anonymous !== undefined;
  }
}

function upper(code: string | undefined): string | null {
  return code && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : null;
}
