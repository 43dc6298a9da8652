import { join } from 'node:path';

import type { Logger } from '@trafficshare/observability';

import { defaultCountryDb, type AppConfig } from '../config';
import { parseIp } from '../ip/ip-address';
import { MAXMIND } from '../test/filter-harness';
import { GeoIpService } from './geoip.service';

const logger = { info: jest.fn(), warn: jest.fn() } as unknown as Logger;
const make = async (over: Partial<AppConfig>) => {
  const sut = new GeoIpService(
    {
      GEOIP_COUNTRY_DB: '',
      GEOIP_ASN_DB: '',
      GEOIP_CONNECTION_TYPE_DB: '',
      GEOIP_ANONYMOUS_IP_DB: '',
      ...over,
    } as AppConfig,
    logger,
  );
  await sut.onModuleInit();
  return sut;
};

describe(GeoIpService.name, () => {
  it('works out of the box with the CC0 country database from npm', async () => {
    const sut = await make({ GEOIP_COUNTRY_DB: defaultCountryDb() });
    expect(defaultCountryDb()).toMatch(/geo-whois-asn-country\.mmdb$/);
    expect(sut.lookup(parseIp('8.8.8.8')!).country).toBe('US');
    expect(sut.lookup(parseIp('2001:4860:4860::8888')!).country).toBe('US');
  });

  it("reads MaxMind's City, ISP and Connection-Type test databases", async () => {
    const sut = await make({
      GEOIP_COUNTRY_DB: join(MAXMIND, 'GeoIP2-City-Test.mmdb'),
      GEOIP_ASN_DB: join(MAXMIND, 'GeoIP2-ISP-Test.mmdb'),
      GEOIP_CONNECTION_TYPE_DB: join(MAXMIND, 'GeoIP2-Connection-Type-Test.mmdb'),
    });
    expect(sut.lookup(parseIp('149.101.100.1')!)).toEqual({
      country: 'US',
      region: null,
      asn: 6167,
      isp: 'Verizon Wireless',
      connectionType: 'Cellular',
      mobileCarrier: true,
    });
    expect(sut.lookup(parseIp('89.160.20.112')!)).toMatchObject({
      country: 'SE',
      region: 'E',
      asn: 29518,
    });
    expect(sut.lookup(parseIp('2a02:d3c0::1')!).country).toBe('GB');
  });

  it('fails at boot on a configured database that cannot be opened', async () => {
    await expect(make({ GEOIP_ASN_DB: '/nonexistent.mmdb' })).rejects.toThrow();
  });
});
