import { common } from './index';
import { enumNames } from './enum-names';

describe('enumNames', () => {
  const networkType = enumNames(common.NetworkType, {
    mobile: common.NetworkType.NETWORK_TYPE_MOBILE,
    wifi: common.NetworkType.NETWORK_TYPE_WIFI,
    unknown: common.NetworkType.NETWORK_TYPE_UNKNOWN,
  });

  it('converts both ways', () => {
    expect(networkType.names).toEqual(['mobile', 'wifi', 'unknown']);
    expect(networkType.toProto('wifi')).toBe(common.NetworkType.NETWORK_TYPE_WIFI);
    expect(networkType.toName(common.NetworkType.NETWORK_TYPE_MOBILE)).toBe('mobile');
    expect(networkType.parse('unknown')).toBe(common.NetworkType.NETWORK_TYPE_UNKNOWN);
  });

  it('UNSPECIFIED and unknown values have no name', () => {
    expect(() => networkType.toName(common.NetworkType.NETWORK_TYPE_UNSPECIFIED)).toThrow(
      'no name for NETWORK_TYPE_UNSPECIFIED (mobile, wifi, unknown)',
    );
    expect(networkType.toNameOr(common.NetworkType.NETWORK_TYPE_UNSPECIFIED, '')).toBe('');
    expect(networkType.parse('satellite')).toBeUndefined();
    expect(networkType.parse('constructor')).toBeUndefined();
  });
});
