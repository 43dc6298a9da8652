import { ListApiKeysQuery as ListSchema } from './admin-api-keys.contract';

// Found by the OpenAPI fuzz test: `telegram_id=0x10` or `limit=1e3` listed keys instead of a 400.
describe('GET /api/admin/apis query', () => {
  it('takes decimal numbers, with the defaults', () => {
    expect(ListSchema.parse({})).toEqual({ limit: 50, offset: 0 });
    expect(ListSchema.parse({ telegram_id: '6100000032', limit: '10', offset: '5' })).toEqual({
      telegram_id: 6_100_000_032,
      limit: 10,
      offset: 5,
    });
  });

  it.each([
    ['telegram_id', '0x10'],
    ['telegram_id', '1e3'],
    ['telegram_id', '0'],
    ['limit', '0x10'],
    ['limit', '12.0'],
    ['limit', ''],
    ['offset', '0x10'],
    ['offset', '-1'],
  ])('refuses %s=%j', (field, value) => {
    expect(ListSchema.safeParse({ [field]: value }).success).toBe(false);
  });
});
