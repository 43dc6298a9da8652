import type { Language } from '../common/catalogue';

/** What the bot says to users, in their language (uz, ru, en). */
export const BOT_TEXTS = {
  welcome: (lang: Language, referred: boolean) =>
    ({
      uz: {
        text: referred
          ? 'TrafficShare ga xush kelibsiz! Do‘stingiz sizni taklif qildi. Ilovani oching, START bosing va internet trafigingizni ulashib daromad oling.'
          : 'TrafficShare ga xush kelibsiz! Ilovani oching, START bosing va internet trafigingizni ulashib daromad oling.',
        button: 'Ilovani ochish',
      },
      ru: {
        text: referred
          ? 'Добро пожаловать в TrafficShare! Вас пригласил друг. Откройте приложение, нажмите START и зарабатывайте, делясь интернет-трафиком.'
          : 'Добро пожаловать в TrafficShare! Откройте приложение, нажмите START и зарабатывайте, делясь интернет-трафиком.',
        button: 'Открыть приложение',
      },
      en: {
        text: referred
          ? 'Welcome to TrafficShare! A friend invited you. Open the app, press START and earn by sharing your internet traffic.'
          : 'Welcome to TrafficShare! Open the app, press START and earn by sharing your internet traffic.',
        button: 'Open the app',
      },
    })[lang],
  /** A stored notification as a Telegram message. */
  notification: (title: string, body: string): string => `${title}\n\n${body}`.slice(0, 4096),
  supportReply: (lang: Language, subject: string) =>
    ({
      uz: { title: 'Support javob berdi', subject: `Mavzu: ${subject}` },
      ru: { title: 'Ответ поддержки', subject: `Тема: ${subject}` },
      en: { title: 'Support replied', subject: `Subject: ${subject}` },
    })[lang],
} as const;

type WithdrawText = {
  withdrawId: string;
  telegramId: number;
  usdt: string;
  reason: string;
  refunded: boolean;
};
type StuckText = { withdrawId: string; telegramId: number; usdt: string; minutes: number };
type SpikeText = { from: string; to: string; denied: number; decisions: number };
type TicketText = { id: string; telegramId: number; subject: string; message: string };

const ticketLines = (t: TicketText, l: readonly [string, string, string, string, string]) =>
  [
    `📩 ${l[0]}`,
    `👤 ${l[1]}: ${t.telegramId} (tg://user?id=${t.telegramId})`,
    `📝 ${l[2]}: ${t.subject}`,
    `💬 ${l[3]}: ${t.message}`,
    `🆔 ${l[4]}: ${t.id}`,
  ]
    .join('\n')
    .slice(0, 4096);

/** Admin chat texts, in the admins' language (TELEGRAM_ADMIN_LANGUAGE: uz, ru, en). */
export const ADMIN_TEXTS = {
  support: (lang: Language, t: TicketText) =>
    ({
      uz: () => ticketLines(t, ['Yangi murojaat', 'Foydalanuvchi', 'Mavzu', 'Xabar', 'Murojaat']),
      ru: () =>
        ticketLines(t, [
          'Новое обращение в поддержку',
          'Пользователь',
          'Тема',
          'Сообщение',
          'Тикет',
        ]),
      en: () => ticketLines(t, ['New support request', 'User', 'Subject', 'Message', 'Ticket']),
    })[lang](),
  attachment: (lang: Language, ticketId: string) =>
    ({
      uz: `📎 ${ticketId} murojaatining ilovasi`,
      ru: `📎 Вложение тикета ${ticketId}`,
      en: `📎 Attachment of ticket ${ticketId}`,
    })[lang],
  price: (
    lang: Language,
    date: string,
    perGb: string,
    change: string,
    admin: number,
    push: boolean,
  ) =>
    ({
      uz: `💲 ${date} narxi yangilandi: 1 GB = ${perGb} (${change}), admin ${admin}${push ? ', foydalanuvchilarga yuborildi' : ''}`,
      ru: `💲 Цена на ${date} обновлена: 1 GB = ${perGb} (${change}), админ ${admin}${push ? ', отправлено пользователям' : ''}`,
      en: `💲 Price updated for ${date}: 1 GB = ${perGb} (${change}) by admin ${admin}${push ? ', pushed to users' : ''}`,
    })[lang],
  payoutFailed: (lang: Language, w: WithdrawText) =>
    ({
      uz: `❌ To‘lov amalga oshmadi: ${w.usdt} USDT, foydalanuvchi ${w.telegramId} (so‘rov ${w.withdrawId}). Sabab: ${w.reason || 'noma’lum'}. ${w.refunded ? 'Summa balansga qaytarildi.' : 'Qaytarilmadi.'}`,
      ru: `❌ Выплата не удалась: ${w.usdt} USDT пользователю ${w.telegramId} (заявка ${w.withdrawId}). Причина: ${w.reason || 'неизвестна'}. ${w.refunded ? 'Сумма возвращена на баланс.' : 'Не возвращена.'}`,
      en: `❌ Payout failed: ${w.usdt} USDT to user ${w.telegramId} (withdraw ${w.withdrawId}). Reason: ${w.reason || 'unknown'}. ${w.refunded ? 'Amount refunded to the balance.' : 'Not refunded.'}`,
    })[lang],
  payoutStuck: (lang: Language, w: StuckText) =>
    ({
      uz: `⏳ To‘lov qotib qoldi: ${w.usdt} USDT, foydalanuvchi ${w.telegramId} (so‘rov ${w.withdrawId}) ${w.minutes} daqiqadan beri ishlanmoqda.`,
      ru: `⏳ Выплата зависла: ${w.usdt} USDT пользователю ${w.telegramId} (заявка ${w.withdrawId}) обрабатывается уже ${w.minutes} мин.`,
      en: `⏳ Payout stuck: ${w.usdt} USDT to user ${w.telegramId} (withdraw ${w.withdrawId}) has been processing for ${w.minutes} min.`,
    })[lang],
  filterSpike: (lang: Language, s: SpikeText) =>
    ({
      uz: `🚨 Filtr rad etishlari keskin oshdi: ${s.from} – ${s.to} UTC oralig‘ida ${s.decisions} ta START qarordan ${s.denied} tasi rad etildi.`,
      ru: `🚨 Всплеск отказов фильтра: ${s.denied} из ${s.decisions} решений START отклонены с ${s.from} по ${s.to} UTC.`,
      en: `🚨 Filter deny spike: ${s.denied} of ${s.decisions} START decisions denied between ${s.from} and ${s.to} UTC.`,
    })[lang],
} as const;
