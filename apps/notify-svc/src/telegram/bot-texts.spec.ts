import type { Language } from '../common/catalogue';
import { ADMIN_TEXTS } from './bot-texts';

const LANGUAGES: Language[] = ['uz', 'ru', 'en'];
const withdraw = { withdrawId: 'w-1', telegramId: 42, usdt: '5.00', reason: '', refunded: true };

/** One call of every admin chat text with sample arguments. */
const SAMPLES: Record<keyof typeof ADMIN_TEXTS, (lang: Language) => string> = {
  support: (l) =>
    ADMIN_TEXTS.support(l, { id: 't-1', telegramId: 42, subject: 'Late', message: 'Where?' }),
  attachment: (l) => ADMIN_TEXTS.attachment(l, 't-1'),
  price: (l) => ADMIN_TEXTS.price(l, '2026-12-05', '$1.50', '+0.15', 7, true),
  payoutFailed: (l) => ADMIN_TEXTS.payoutFailed(l, withdraw),
  payoutStuck: (l) => ADMIN_TEXTS.payoutStuck(l, { ...withdraw, minutes: 45 }),
  filterSpike: (l) =>
    ADMIN_TEXTS.filterSpike(l, { from: '10:00', to: '10:05', denied: 90, decisions: 100 }),
};

describe('admin chat texts', () => {
  it.each(Object.keys(SAMPLES) as (keyof typeof ADMIN_TEXTS)[])(
    '%s exists in uz, ru and en, each its own text, with the facts in every one',
    (key) => {
      const texts = LANGUAGES.map((l) => SAMPLES[key](l));
      expect(new Set(texts).size).toBe(3);
      for (const text of texts) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toContain('undefined');
      }
      const facts: Partial<Record<keyof typeof ADMIN_TEXTS, string>> = {
        support: 't-1',
        attachment: 't-1',
        price: '$1.50',
        payoutFailed: 'w-1',
        payoutStuck: '45',
        filterSpike: '90',
      };
      for (const text of texts) expect(text).toContain(facts[key]);
    },
  );

  it('keeps the English texts the admins knew', () => {
    expect(ADMIN_TEXTS.payoutFailed('en', withdraw)).toBe(
      '❌ Payout failed: 5.00 USDT to user 42 (withdraw w-1). Reason: unknown. Amount refunded to the balance.',
    );
    expect(SAMPLES.support('en').split('\n')[0]).toBe('📩 New support request');
  });
});
