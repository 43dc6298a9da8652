import { parseArgs, UsageError } from './args';

describe(parseArgs.name, () => {
  it('defaults to 50 connections for 10 s against the local gateway port', () => {
    expect(parseArgs(['health-ready'], { GATEWAY_PORT: '9090' })).toEqual({
      scenario: 'health-ready',
      connections: 50,
      durationS: 10,
      url: 'http://127.0.0.1:9090',
      timeoutS: 10,
      help: false,
    });
  });

  it('reads flags in both spellings and keeps only the URL origin', () => {
    expect(
      parseArgs([
        'login',
        '--connections',
        '8',
        '--duration=3',
        '--url',
        'http://10.0.0.5:8080/api/',
      ]),
    ).toMatchObject({
      scenario: 'login',
      connections: 8,
      durationS: 3,
      url: 'http://10.0.0.5:8080',
    });
  });

  it('rejects bad numbers, URLs, unknown options and a second scenario', () => {
    expect(() => parseArgs(['x', '--connections', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['x', '--duration', '3601'])).toThrow(/1 to 3600/);
    expect(() => parseArgs(['x', '--url', 'ftp://host'])).toThrow(/http\(s\) URL/);
    expect(() => parseArgs(['x', '--fast'])).toThrow(/unknown option/);
    expect(() => parseArgs(['x', 'y'])).toThrow(/one scenario/);
  });
});
