import { asLanguage, CATALOGUE, usd, type Language } from './catalogue';

const LANGUAGES: Language[] = ['uz', 'ru', 'en'];

/** One call of every catalogue entry with sample arguments. */
const SAMPLES: Record<keyof typeof CATALOGUE, (lang: Language) => { title: string; body: string }> =
  {
    income: (l) => CATALOGUE.income(l, 120_000, 80_000, 2_345_000),
    price: (l) => CATALOGUE.price(l, 1_500_000, '+0.15', ''),
    payout: (l) => CATALOGUE.payout(l, '5.00', 'BEP20'),
    newLogin: (l) => CATALOGUE.newLogin(l, 'Tashkent, UZ', 'Pixel 8'),
    tokenNewIp: (l) => CATALOGUE.tokenNewIp(l, '203.0.113.x'),
    payoutRequested: (l) => CATALOGUE.payoutRequested(l, '5.00', 'BEP20'),
    payoutProcessing: (l) => CATALOGUE.payoutProcessing(l, '5.00', 'BEP20'),
    payoutCompleted: (l) => CATALOGUE.payoutCompleted(l, '5.00', 'BEP20', '0xabc'),
    payoutFailed: (l) => CATALOGUE.payoutFailed(l, 'address rejected', true),
    referralJoined: (l) => CATALOGUE.referralJoined(l, 'Al***'),
    referralEarned: (l) => CATALOGUE.referralEarned(l, 42_000),
    announcement: (l) => CATALOGUE.announcement(l, 'Maintenance', 'Tonight'),
    dailyReport: (l) => CATALOGUE.dailyReport(l, 430_000),
    weeklyReport: (l) => CATALOGUE.weeklyReport(l, 5_120_000, 12),
    monthlyReport: (l) => CATALOGUE.monthlyReport(l, 13_880_000),
    sessionSummary: (l) => CATALOGUE.sessionSummary(l, 5, 120_000, 1_269_760),
  };

describe('the notification catalogue', () => {
  it.each(Object.keys(SAMPLES) as (keyof typeof CATALOGUE)[])(
    '%s has its own text in uz, ru and en',
    (key) => {
      const texts = LANGUAGES.map((l) => SAMPLES[key](l));
      for (const t of texts) {
        expect(t.title.trim()).not.toBe('');
        expect(t.body.trim()).not.toBe('');
      }
      expect(new Set(texts.map((t) => `${t.title}|${t.body}`)).size).toBe(3);
    },
  );

  it('says the seed’s payout texts, with the hash and the refund', () => {
    expect(CATALOGUE.payoutCompleted('uz', '5.00', 'BEP20', '0xabc').body).toBe(
      'To‘lov muvaffaqiyatli yakunlandi: 5.00 USDT (BEP20). Tx: 0xabc',
    );
    expect(CATALOGUE.payoutFailed('en', 'x', false).body).toBe('Your payout failed. Reason: x.');
    expect(CATALOGUE.payoutFailed('en', 'x', true).body).toContain('returned to your balance');
  });

  it('formats money and traffic', () => {
    expect(usd(120_000)).toBe('$0.12');
    expect(usd(4_200)).toBe('$0.0042');
    expect(usd(0)).toBe('$0.00');
    expect(CATALOGUE.weeklyReport('en', 900_000, -10).body).toBe(
      '📅 Your weekly earnings: $0.90 (↓ -10%).',
    );
    expect(CATALOGUE.weeklyReport('en', 900_000, null).body).toBe(
      '📅 Your weekly earnings: $0.90.',
    );
    expect(CATALOGUE.sessionSummary('ru', 5, 120_000, 1_269_760).body).toBe(
      'За последние 5 мин отправлено 120.0 МБ. Всего: 1.24 ГБ.',
    );
  });

  it('reads any other language as English', () => {
    expect(asLanguage('de')).toBe('en');
    expect(asLanguage(undefined)).toBe('en');
    expect(asLanguage('ru')).toBe('ru');
  });
});
