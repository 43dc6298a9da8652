/** What notify-svc says, in the user's language (uz, ru, en; anything else reads English). */
export type Language = 'uz' | 'ru' | 'en';

export const asLanguage = (value: string | undefined | null): Language =>
  value === 'uz' || value === 'ru' ? value : 'en';

/** Dollars with cents; amounts under a cent with four decimals (a referral credit is small). */
export const usd = (micro: number): string =>
  `$${(micro / 1_000_000).toFixed(micro !== 0 && Math.abs(micro) < 10_000 ? 4 : 2)}`;
const mb = (milli: number): string => `${(milli / 1000).toFixed(1)} MB`;
/** Traffic in MB, or GB from 1024 MB on. */
const volume = (milli: number, lang: Language): string => {
  const megabytes = milli / 1000;
  const [unitMb, unitGb] = lang === 'ru' ? ['МБ', 'ГБ'] : ['MB', 'GB'];
  return megabytes >= 1024
    ? `${(megabytes / 1024).toFixed(2)} ${unitGb}`
    : `${megabytes.toFixed(1)} ${unitMb}`;
};
const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
const signedPercent = (pct: number): string => `${pct >= 0 ? '↑ +' : '↓ '}${pct.toFixed(0)}%`;

interface Text {
  readonly title: string;
  readonly body: string;
}

export const CATALOGUE = {
  income: (lang: Language, amountMicro: number, milliMb: number, balanceMicro: number): Text =>
    ({
      uz: {
        title: 'Daromad hisoblandi',
        body: `+${usd(amountMicro)} (${mb(milliMb)}). Balans: ${usd(balanceMicro)}`,
      },
      ru: {
        title: 'Начислен доход',
        body: `+${usd(amountMicro)} (${mb(milliMb)}). Баланс: ${usd(balanceMicro)}`,
      },
      en: {
        title: 'Earnings credited',
        body: `+${usd(amountMicro)} (${mb(milliMb)}). Balance: ${usd(balanceMicro)}`,
      },
    })[lang],
  price: (lang: Language, perGbMicro: number, change: string, message: string): Text => {
    const tail = message ? ` ${message}` : '';
    return {
      uz: { title: 'Bugungi narx', body: `1 GB = ${usd(perGbMicro)} (${change}).${tail}` },
      ru: { title: 'Цена на сегодня', body: `1 ГБ = ${usd(perGbMicro)} (${change}).${tail}` },
      en: { title: 'Today’s price', body: `1 GB = ${usd(perGbMicro)} (${change}).${tail}` },
    }[lang];
  },
  payout: (lang: Language, amountUsdt: string, network: string): Text =>
    ({
      uz: {
        title: 'To‘lov yuborildi',
        body: `${amountUsdt} USDT (${network}) hamyoningizga yuborildi.`,
      },
      ru: {
        title: 'Выплата отправлена',
        body: `${amountUsdt} USDT (${network}) отправлены на ваш кошелёк.`,
      },
      en: {
        title: 'Payout sent',
        body: `${amountUsdt} USDT (${network}) was sent to your wallet.`,
      },
    })[lang],
  newLogin: (lang: Language, where: string, device: string): Text =>
    ({
      uz: {
        title: 'Yangi kirish',
        body: `Hisobingizga ${where} dan kirildi (${device}). Siz emasmisiz? Barcha seanslarni yoping.`,
      },
      ru: {
        title: 'Новый вход',
        body: `Вход в аккаунт: ${where} (${device}). Это не вы? Завершите все сеансы.`,
      },
      en: {
        title: 'New login',
        body: `Your account was signed in from ${where} (${device}). Not you? End all sessions.`,
      },
    })[lang],
  tokenNewIp: (lang: Language, where: string): Text =>
    ({
      uz: {
        title: 'Seans boshqa IP dan ishlatildi',
        body: `Hisobingiz seansi boshqa IP manzildan (${where}) davom ettirildi. Siz emasmisiz? Barcha seanslarni yoping.`,
      },
      ru: {
        title: 'Сеанс использован с другого IP',
        body: `Сеанс вашего аккаунта продлён с другого IP-адреса (${where}). Это не вы? Завершите все сеансы.`,
      },
      en: {
        title: 'Session used from another IP',
        body: `Your account's session was renewed from another IP address (${where}). Not you? End all sessions.`,
      },
    })[lang],
  payoutRequested: (lang: Language, amountUsdt: string, network: string): Text =>
    ({
      uz: {
        title: 'So‘rov qabul qilindi',
        body: `Pul yechish so‘rovingiz qabul qilindi: ${amountUsdt} USDT (${network}).`,
      },
      ru: {
        title: 'Заявка принята',
        body: `Ваша заявка на вывод принята: ${amountUsdt} USDT (${network}).`,
      },
      en: {
        title: 'Withdrawal requested',
        body: `Your withdrawal request was accepted: ${amountUsdt} USDT (${network}).`,
      },
    })[lang],
  payoutProcessing: (lang: Language, amountUsdt: string, network: string): Text =>
    ({
      uz: {
        title: 'To‘lov jarayonda',
        body: `To‘lov ${network} tarmog‘ida amalga oshirilmoqda: ${amountUsdt} USDT.`,
      },
      ru: {
        title: 'Выплата в процессе',
        body: `Выплата выполняется в сети ${network}: ${amountUsdt} USDT.`,
      },
      en: {
        title: 'Payout processing',
        body: `Your payout is being made on the ${network} network: ${amountUsdt} USDT.`,
      },
    })[lang],
  payoutCompleted: (lang: Language, amountUsdt: string, network: string, txHash: string): Text =>
    ({
      uz: {
        title: 'To‘lov yakunlandi',
        body: `To‘lov muvaffaqiyatli yakunlandi: ${amountUsdt} USDT (${network}). Tx: ${txHash}`,
      },
      ru: {
        title: 'Выплата завершена',
        body: `Выплата успешно завершена: ${amountUsdt} USDT (${network}). Tx: ${txHash}`,
      },
      en: {
        title: 'Payout completed',
        body: `Your payout was completed: ${amountUsdt} USDT (${network}). Tx: ${txHash}`,
      },
    })[lang],
  payoutFailed: (lang: Language, reason: string, refunded: boolean): Text =>
    ({
      uz: {
        title: 'To‘lov amalga oshmadi',
        body: `To‘lov amalga oshmadi. Sabab: ${reason}.${refunded ? ' Summa balansingizga qaytarildi.' : ''}`,
      },
      ru: {
        title: 'Выплата не выполнена',
        body: `Выплата не выполнена. Причина: ${reason}.${refunded ? ' Сумма возвращена на баланс.' : ''}`,
      },
      en: {
        title: 'Payout failed',
        body: `Your payout failed. Reason: ${reason}.${refunded ? ' The amount was returned to your balance.' : ''}`,
      },
    })[lang],
  referralJoined: (lang: Language, name: string): Text =>
    ({
      uz: {
        title: 'Do‘stingiz qo‘shildi',
        body: `${name} sizning havolangiz orqali ro‘yxatdan o‘tdi.`,
      },
      ru: { title: 'Ваш друг присоединился', body: `${name} зарегистрировался по вашей ссылке.` },
      en: { title: 'Your friend joined', body: `${name} signed up with your link.` },
    })[lang],
  referralEarned: (lang: Language, amountMicro: number): Text =>
    ({
      uz: { title: 'Referal daromadi', body: `Bugun referallardan ${usd(amountMicro)} topdingiz.` },
      ru: {
        title: 'Доход от рефералов',
        body: `Сегодня вы заработали ${usd(amountMicro)} на рефералах.`,
      },
      en: {
        title: 'Referral earnings',
        body: `You earned ${usd(amountMicro)} from referrals today.`,
      },
    })[lang],
  announcement: (lang: Language, title: string, description: string): Text => {
    const body = clip(description, 240);
    return {
      uz: { title: clip(`📢 Yangi e’lon: ${title}`, 200), body },
      ru: { title: clip(`📢 Новое объявление: ${title}`, 200), body },
      en: { title: clip(`📢 New announcement: ${title}`, 200), body },
    }[lang];
  },
  dailyReport: (lang: Language, amountMicro: number): Text =>
    ({
      uz: {
        title: 'Kunlik hisobot',
        body: `📊 Bugungi hisobot tayyor! Siz ${usd(amountMicro)} topdingiz.`,
      },
      ru: {
        title: 'Отчёт за день',
        body: `📊 Отчёт за день готов! Вы заработали ${usd(amountMicro)}.`,
      },
      en: {
        title: 'Daily report',
        body: `📊 Your daily report is ready! You earned ${usd(amountMicro)}.`,
      },
    })[lang],
  /** changePct: against the week before (null when that week had no earnings). */
  weeklyReport: (lang: Language, amountMicro: number, changePct: number | null): Text => {
    const change = changePct === null ? '' : ` (${signedPercent(changePct)})`;
    return {
      uz: {
        title: 'Haftalik hisobot',
        body: `📅 Haftalik daromadingiz: ${usd(amountMicro)}${change}.`,
      },
      ru: {
        title: 'Отчёт за неделю',
        body: `📅 Ваш доход за неделю: ${usd(amountMicro)}${change}.`,
      },
      en: {
        title: 'Weekly report',
        body: `📅 Your weekly earnings: ${usd(amountMicro)}${change}.`,
      },
    }[lang];
  },
  monthlyReport: (lang: Language, amountMicro: number): Text =>
    ({
      uz: { title: 'Oylik hisobot', body: `🏁 Oy yakuni: ${usd(amountMicro)} foyda bilan!` },
      ru: { title: 'Отчёт за месяц', body: `🏁 Итоги месяца: ${usd(amountMicro)} дохода!` },
      en: { title: 'Monthly report', body: `🏁 Month closed: ${usd(amountMicro)} earned!` },
    })[lang],
  /** Silent (data-only): the app shows it as its local notification. */
  sessionSummary: (lang: Language, minutes: number, deltaMilli: number, totalMilli: number): Text =>
    ({
      uz: {
        title: '📡 Trafik ulashish: faol',
        body: `So‘nggi ${minutes} daqiqada ${volume(deltaMilli, lang)} yuborildi. Jami: ${volume(totalMilli, lang)}.`,
      },
      ru: {
        title: '📡 Раздача трафика: активна',
        body: `За последние ${minutes} мин отправлено ${volume(deltaMilli, lang)}. Всего: ${volume(totalMilli, lang)}.`,
      },
      en: {
        title: '📡 Traffic sharing: active',
        body: `Last ${minutes} min: ${volume(deltaMilli, lang)} shared. Total: ${volume(totalMilli, lang)}.`,
      },
    })[lang],
} as const;
