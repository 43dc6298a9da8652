import { createHash, createHmac } from 'node:crypto';

import { dataCheckString, verifyLoginWidget, verifyWebAppInitData } from './telegram-verifier';

const BOT = '123456789:TESTtokenTESTtokenTESTtokenTESTtok';
const NOW = 1_700_000_000;
const options = { botToken: BOT, maxAgeS: 86_400, nowS: NOW };

function widget(fields: Record<string, string>, bot = BOT): Array<{ key: string; value: string }> {
  const secret = createHash('sha256').update(bot).digest();
  const hash = createHmac('sha256', secret)
    .update(dataCheckString(new Map(Object.entries(fields))))
    .digest('hex');
  return Object.entries({ ...fields, hash }).map(([key, value]) => ({ key, value }));
}

function initData(fields: Record<string, string>, bot = BOT): string {
  const params = new URLSearchParams(fields);
  const secret = createHmac('sha256', 'WebAppData').update(bot).digest();
  params.set(
    'hash',
    createHmac('sha256', secret)
      .update(dataCheckString(new Map(params)))
      .digest('hex'),
  );
  return params.toString();
}

describe(verifyLoginWidget.name, () => {
  const base = { id: '42', first_name: 'Ann', username: 'ann', auth_date: String(NOW - 10) };

  it('accepts a payload signed with SHA256(bot token)', () => {
    expect(verifyLoginWidget(widget(base), options)).toMatchObject({
      telegramId: 42,
      firstName: 'Ann',
      username: 'ann',
      authDate: NOW - 10,
    });
  });

  it('refuses tampering, another bot, a missing or odd-length hash', () => {
    const signed = widget(base);
    expect(
      verifyLoginWidget(
        signed.map((f) => (f.key === 'username' ? { ...f, value: 'root' } : f)),
        options,
      ),
    ).toBe('invalid_signature');
    expect(verifyLoginWidget(widget(base, '1:OTHERtokenOTHERtokenOTHERtokenOTHER'), options)).toBe(
      'invalid_signature',
    );
    expect(
      verifyLoginWidget(
        signed.filter((f) => f.key !== 'hash'),
        options,
      ),
    ).toBe('invalid_signature');
    expect(
      verifyLoginWidget(
        signed.map((f) => (f.key === 'hash' ? { ...f, value: 'abc' } : f)),
        options,
      ),
    ).toBe('invalid_signature');
  });

  it('refuses old and future auth_date, unknown and duplicate keys', () => {
    expect(verifyLoginWidget(widget({ ...base, auth_date: String(NOW - 86_401) }), options)).toBe(
      'expired',
    );
    expect(verifyLoginWidget(widget({ ...base, auth_date: String(NOW + 3600) }), options)).toBe(
      'future',
    );
    expect(verifyLoginWidget(widget({ ...base, role: 'admin' }), options)).toBe('malformed');
    expect(verifyLoginWidget([...widget(base), { key: 'id', value: '43' }], options)).toBe(
      'malformed',
    );
  });
});

describe(verifyWebAppInitData.name, () => {
  const user = JSON.stringify({ id: 7, first_name: 'Bo', language_code: 'uz' });

  it('accepts initData signed with HMAC("WebAppData", bot token)', () => {
    expect(verifyWebAppInitData(initData({ user, auth_date: String(NOW) }), options)).toMatchObject(
      { telegramId: 7, languageCode: 'uz' },
    );
  });

  it('refuses the Login Widget secret, tampering and type confusion', () => {
    const widgetSigned = new URLSearchParams({ user, auth_date: String(NOW) });
    const secret = createHash('sha256').update(BOT).digest();
    widgetSigned.set(
      'hash',
      createHmac('sha256', secret)
        .update(dataCheckString(new Map(widgetSigned)))
        .digest('hex'),
    );
    expect(verifyWebAppInitData(widgetSigned.toString(), options)).toBe('invalid_signature');
    expect(
      verifyWebAppInitData(initData({ user, auth_date: String(NOW) }).replace('Bo', 'Bx'), options),
    ).toBe('invalid_signature');
    expect(
      verifyWebAppInitData(
        initData({ user: JSON.stringify({ id: '7' }), auth_date: String(NOW) }),
        options,
      ),
    ).toBe('malformed');
    expect(
      verifyWebAppInitData(
        initData({ user: JSON.stringify([7]), auth_date: String(NOW) }),
        options,
      ),
    ).toBe('malformed');
  });
});
