import { clientAnswer } from '../decision/decision-messages';
import { CidrMatcher } from '../ip/cidr-matcher';
import type { IpIntel } from '../reputation/ip-intel';
import { defaultPolicyDocument, type PolicyDocument } from './policy.document';
import { evaluatePolicy, type Reason } from './policy.engine';
import type { ActivePolicy } from './policy.service';

const PolicyFactory = {
  create(over: Partial<PolicyDocument> = {}): ActivePolicy {
    const document = { ...defaultPolicyDocument(86_400), ...over };
    return {
      version: 1,
      document,
      createdBy: null,
      note: '',
      createdAt: new Date(),
      regions: new Set(document.allowed_regions),
      whitelistAsns: new Set(document.admin_whitelist_asns),
      allowlist: new CidrMatcher(document.allowlisted_ips),
    };
  },
};

const IntelFactory = {
  create(over: Partial<IpIntel> = {}): IpIntel {
    return {
      country: 'US',
      region: 'WA',
      asn: 6167,
      isp: 'Verizon Wireless',
      connectionType: 'Cellular',
      isVpn: false,
      isProxy: false,
      isTor: false,
      isDatacenter: false,
      isRelay: false,
      vpnScore: 0,
      networkTypeAsn: 'mobile',
      sources: [],
      failed: [],
      providers: {},
      checkedAt: new Date().toISOString(),
      ...over,
    };
  },
};

describe(evaluatePolicy.name, () => {
  const sut = (
    intel: Partial<IpIntel>,
    network: 'mobile' | 'wifi' | 'unknown' = 'mobile',
    policy = PolicyFactory.create(),
  ) => evaluatePolicy(policy, IntelFactory.create(intel), network, false);

  it('allows a clean US mobile IP', () => {
    expect(sut({})).toMatchObject({ decision: 'allow', reasons: [] });
  });

  it.each<[string, Partial<IpIntel>, 'mobile' | 'wifi', Reason[]]>([
    ['VPN flag', { isVpn: true, vpnScore: 100 }, 'mobile', ['vpn_detected']],
    ['score above the block threshold', { vpnScore: 71 }, 'mobile', ['vpn_detected']],
    ['proxy', { isProxy: true }, 'mobile', ['proxy_detected']],
    ['United Kingdom', { country: 'GB' }, 'mobile', ['region_not_allowed']],
    ['unknown country', { country: null }, 'mobile', ['region_not_allowed']],
    [
      'datacenter for a phone on mobile data',
      { isDatacenter: true, networkTypeAsn: 'datacenter' },
      'mobile',
      ['datacenter_ip', 'network_mismatch'],
    ],
    [
      'broadband for a phone on mobile data',
      { networkTypeAsn: 'residential' },
      'mobile',
      ['network_mismatch'],
    ],
  ])('denies: %s', (_name, intel, network, reasons) => {
    expect(sut(intel, network)).toMatchObject({ decision: 'deny', reasons });
  });

  it('sends a borderline score (warn ≤ score ≤ block) to an admin', () => {
    expect(sut({ vpnScore: 50 })).toMatchObject({
      decision: 'pending_admin',
      reasons: ['vpn_score_borderline'],
    });
    expect(sut({ vpnScore: 70 })).toMatchObject({ decision: 'pending_admin' });
    expect(sut({ vpnScore: 49 }).decision).toBe('allow');
  });

  it('lets Wi-Fi through on broadband, office and mobile hotspots, not unknown client networks', () => {
    for (const networkTypeAsn of ['residential', 'business', 'mobile', 'satellite'] as const) {
      expect(sut({ networkTypeAsn }, 'wifi').decision).toBe('allow');
    }
    expect(sut({}, 'unknown').reasons).toEqual(['network_mismatch']);
  });

  it('honours the policy switches and whitelists', () => {
    expect(
      sut({ isProxy: true }, 'mobile', PolicyFactory.create({ block_if_proxy: false })).decision,
    ).toBe('allow');
    const whitelisted = PolicyFactory.create({ admin_whitelist_asns: [6167] });
    expect(sut({ vpnScore: 90, isDatacenter: true }, 'mobile', whitelisted)).toMatchObject({
      decision: 'allow',
      reasons: ['asn_whitelisted'],
    });
    expect(sut({ country: 'CN' }, 'mobile', whitelisted).reasons).toEqual(['region_not_allowed']);
    expect(
      evaluatePolicy(PolicyFactory.create(), IntelFactory.create({ country: 'CN' }), 'mobile', true)
        .reasons,
    ).toEqual(['ip_allowlisted']);
  });
});

describe(clientAnswer.name, () => {
  it('maps the deny codes to HTTP statuses with messages in uz, ru and en', () => {
    const cases: [Reason, number, string][] = [
      ['vpn_detected', 403, 'vpn_detected'],
      ['proxy_detected', 403, 'vpn_detected'],
      ['region_not_allowed', 403, 'region_not_allowed'],
      ['network_mismatch', 403, 'network_mismatch'],
      ['datacenter_ip', 403, 'datacenter_ip'],
      ['ip_unknown', 403, 'ip_unknown'],
      ['too_many_attempts', 429, 'too_many_attempts'],
      ['ip_in_use', 409, 'ip_in_use'],
      ['check_unavailable', 503, 'check_unavailable'],
    ];
    for (const [reason, http, code] of cases) {
      const texts = (['uz', 'ru', 'en'] as const).map(
        (l) => clientAnswer('deny', [reason], l).message,
      );
      expect({
        reason,
        ...clientAnswer('deny', [reason], 'en'),
        unique: new Set(texts).size,
      }).toMatchObject({
        reason,
        httpStatus: http,
        code,
        unique: 3,
      });
    }
    expect(clientAnswer('deny', ['network_mismatch', 'vpn_detected'], 'en').code).toBe(
      'vpn_detected',
    );
    expect(clientAnswer('pending_admin', ['vpn_score_borderline'], 'en')).toMatchObject({
      httpStatus: 202,
      code: 'pending_admin',
    });
    expect(clientAnswer('skipped', ['admin_bypass'], 'uz')).toMatchObject({
      httpStatus: 200,
      message: 'Tunnel ochildi',
    });
  });
});
