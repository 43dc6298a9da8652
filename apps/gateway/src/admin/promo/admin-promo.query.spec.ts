import { AdminPromoListQuery as AdminListSchema } from './admin-promo.contract';

// Found by the OpenAPI fuzz test: `limit=0x10` listed promo codes instead of a 400.
describe('AdminListSchema (GET /api/admin/promo query)', () => {
  it('takes decimal limit and offset, with their defaults', () => {
    expect(AdminListSchema.parse({})).toEqual({ include_inactive: 'true', limit: 50, offset: 0 });
    expect(AdminListSchema.parse({ limit: '16', offset: '32' })).toMatchObject({
      limit: 16,
      offset: 32,
    });
  });

  it.each(['0x10', '1e1', '1.5', ' 12', '', 'ten', '101', '0'])('refuses limit=%j', (limit) => {
    expect(AdminListSchema.safeParse({ limit }).success).toBe(false);
  });

  it.each(['0x10', '1e3', '-1'])('refuses offset=%j', (offset) => {
    expect(AdminListSchema.safeParse({ offset }).success).toBe(false);
  });
});
