import { DestinationPolicy } from './destination-policy';

describe(DestinationPolicy.name, () => {
  const sut = new DestinationPolicy({
    allowedPorts: [80, 443],
    allowedPrivateCidrs: [],
    blockedDomains: ['blocked.example'],
    ownAddresses: ['203.0.113.7/32'],
  });

  it.each([
    '10.1.2.3',
    '127.0.0.1',
    '169.254.169.254',
    '172.20.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '224.0.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '[::1]',
  ])('refuses the private or reserved address %s', (host) => {
    expect(sut.checkTarget(host, 443)).toEqual({ allowed: false, reason: 'private_address' });
  });

  it('refuses localhost by name', () => {
    expect(sut.checkTarget('localhost', 80)).toEqual({ allowed: false, reason: 'private_address' });
  });

  it('allows public addresses and names on allowed ports', () => {
    expect(sut.checkTarget('93.184.216.34', 443)).toEqual({ allowed: true });
    expect(sut.checkTarget('2606:2800:220:1:248:1893:25c8:1946', 80)).toEqual({ allowed: true });
    expect(sut.checkTarget('example.com', 443)).toEqual({ allowed: true });
  });

  it('refuses other ports, blocked domains and their subdomains, and bad names', () => {
    expect(sut.checkTarget('example.com', 25)).toEqual({
      allowed: false,
      reason: 'port_not_allowed',
    });
    expect(sut.checkTarget('a.blocked.example', 443)).toEqual({
      allowed: false,
      reason: 'domain_blocked',
    });
    expect(sut.checkTarget('bad host!', 443)).toEqual({ allowed: false, reason: 'bad_host' });
  });

  it('lets configured private ranges through (tests and local demos)', () => {
    const local = new DestinationPolicy({
      allowedPorts: [8080],
      allowedPrivateCidrs: ['127.0.0.0/8'],
      blockedDomains: [],
    });
    expect(local.checkTarget('127.0.0.1', 8080)).toEqual({ allowed: true });
    expect(local.checkTarget('localhost', 8080)).toEqual({ allowed: true });
    expect(local.checkTarget('10.0.0.1', 8080)).toEqual({
      allowed: false,
      reason: 'private_address',
    });
  });

  it('refuses the platform’s own addresses', () => {
    expect(sut.checkAddress('203.0.113.7')).toEqual({ allowed: false, reason: 'private_address' });
  });
});
