import { findNulStrings, ValidationFailedException } from './nul-guard';

describe(findNulStrings.name, () => {
  it('finds nothing in a clean message, numbers, booleans, null and bytes', () => {
    expect(
      findNulStrings({
        deviceId: 'phone',
        amount: 5,
        ok: true,
        missing: null,
        blob: Buffer.from([0, 0]),
        items: [{ text: 'a' }],
      }),
    ).toEqual([]);
  });

  it('names nested, repeated and top-level fields in snake_case', () => {
    expect(
      findNulStrings({
        appVersion: '1\u0000',
        inner: { clientLocalIp: '\u0000' },
        items: [{ text: 'ok' }, { deviceId: 'x\u0000y' }],
        tags: ['\u0000'],
      }),
    ).toEqual(['app_version', 'inner.client_local_ip', 'items[1].device_id', 'tags[0]']);
  });

  it('stops at ten fields', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, '\u0000']));
    expect(findNulStrings(many)).toHaveLength(10);
  });
});

describe(ValidationFailedException.name, () => {
  it('is an invalid_argument validation_failed listing each field', () => {
    const e = new ValidationFailedException([{ field: 'device_id', message: 'bad' }]);
    expect(e).toMatchObject({
      kind: 'invalid_argument',
      code: 'validation_failed',
      message: 'device_id: bad',
      details: { errors: [{ field: 'device_id', message: 'bad' }] },
    });
  });
});
