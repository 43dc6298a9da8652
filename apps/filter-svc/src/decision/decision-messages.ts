import type { Decision, Reason } from '../policy/policy.engine';

export type Language = 'uz' | 'ru' | 'en';

export function parseLanguage(raw: string | undefined): Language {
  const v = (raw ?? '').toLowerCase().slice(0, 2);
  return v === 'uz' || v === 'ru' ? v : 'en';
}

interface Answer {
  readonly http: number;
  /** The client-friendly error code (`vpn_detected`, not `403_vpn_detected`). */
  readonly code: string;
  readonly message: Readonly<Record<Language, string>>;
}

const VPN: Answer['message'] = {
  en: 'Tunnel could not be opened: you are connecting through a VPN or proxy. Turn it off and try again.',
  ru: 'Туннель не открыт: вы подключаетесь через VPN или прокси. Отключите их и попробуйте снова.',
  uz: 'Tunnel ochilmadi — siz VPN yoki proxy orqali ulanayotgansiz. Uni o‘chirib, qayta urinib ko‘ring.',
};

/** Every deny reason → HTTP status, code and message in each language. */
export const DENY_ANSWERS: Readonly<Record<string, Answer>> = {
  // 403_vpn_detected covers "VPN or proxy detected".
  vpn_detected: { http: 403, code: 'vpn_detected', message: VPN },
  proxy_detected: { http: 403, code: 'vpn_detected', message: VPN },
  region_not_allowed: {
    http: 403,
    code: 'region_not_allowed',
    message: {
      en: 'Tunnel could not be opened: sharing is available only from the USA and the European Union.',
      ru: 'Туннель не открыт: раздача трафика доступна только из США и Европейского союза.',
      uz: 'Tunnel ochilmadi — trafik ulashish faqat AQSh va Yevropa Ittifoqi hududidan mumkin.',
    },
  },
  network_mismatch: {
    http: 403,
    code: 'network_mismatch',
    message: {
      en: 'Tunnel could not be opened: your network type does not match your connection. Use mobile data or your home Wi-Fi.',
      ru: 'Туннель не открыт: тип сети не совпадает с вашим подключением. Используйте мобильный интернет или домашний Wi-Fi.',
      uz: 'Tunnel ochilmadi — tarmoq turi ulanishingizga mos kelmadi. Mobil internet yoki uy Wi-Fi tarmog‘idan foydalaning.',
    },
  },
  datacenter_ip: {
    http: 403,
    code: 'datacenter_ip',
    message: {
      en: 'Tunnel could not be opened: connections from data centers and hosting networks are not allowed.',
      ru: 'Туннель не открыт: подключения из дата-центров и хостинг-сетей не допускаются.',
      uz: 'Tunnel ochilmadi — data-markaz va hosting tarmoqlaridan ulanishga ruxsat berilmaydi.',
    },
  },
  ip_unknown: {
    http: 403,
    code: 'ip_unknown',
    message: {
      en: 'Tunnel could not be opened: we could not determine your public IP address. Check your connection and try again.',
      ru: 'Туннель не открыт: не удалось определить ваш публичный IP-адрес. Проверьте подключение и попробуйте снова.',
      uz: 'Tunnel ochilmadi — ommaviy IP manzilingizni aniqlab bo‘lmadi. Ulanishni tekshirib, qayta urinib ko‘ring.',
    },
  },
  too_many_attempts: {
    http: 429,
    code: 'too_many_attempts',
    message: {
      en: 'Too many start attempts today. Try again tomorrow or contact support.',
      ru: 'Слишком много попыток запуска за сегодня. Попробуйте завтра или обратитесь в поддержку.',
      uz: 'Bugun juda ko‘p urinish bo‘ldi. Ertaga qayta urinib ko‘ring yoki qo‘llab-quvvatlash xizmatiga yozing.',
    },
  },
  ip_in_use: {
    http: 409,
    code: 'ip_in_use',
    message: {
      en: 'Another device is already sharing from this internet connection. Stop it first, then try again.',
      ru: 'С этого интернет-подключения уже раздаёт другое устройство. Сначала остановите его.',
      uz: 'Bu internet ulanishidan boshqa qurilma allaqachon ulashmoqda. Avval uni to‘xtating.',
    },
  },
  check_unavailable: {
    http: 503,
    code: 'check_unavailable',
    message: {
      en: 'We could not verify your connection right now. Try again in a few minutes.',
      ru: 'Сейчас не удаётся проверить ваше подключение. Попробуйте через несколько минут.',
      uz: 'Hozir ulanishingizni tekshirib bo‘lmadi. Bir necha daqiqadan so‘ng qayta urinib ko‘ring.',
    },
  },
};

/** Which reason names the answer when several apply (most actionable first). */
const PRECEDENCE = [
  'too_many_attempts',
  'ip_unknown',
  'check_unavailable',
  'vpn_detected',
  'proxy_detected',
  'datacenter_ip',
  'region_not_allowed',
  'network_mismatch',
  'ip_in_use',
];

const PENDING: Answer = {
  http: 202,
  code: 'pending_admin',
  message: {
    en: 'Awaiting admin approval.',
    ru: 'Ожидает подтверждения администратора.',
    uz: 'Administrator tasdig‘i kutilmoqda.',
  },
};

const OPENED: Answer = {
  http: 200,
  code: 'ok',
  message: { en: 'Tunnel opened', ru: 'Туннель открыт', uz: 'Tunnel ochildi' },
};

export interface ClientAnswer {
  readonly httpStatus: number;
  readonly code: string;
  readonly message: string;
}

/** The START route's answer for a decision: HTTP status, code and message in `lang`. */
export function clientAnswer(
  decision: Decision,
  reasons: readonly Reason[],
  lang: Language,
): ClientAnswer {
  let a: Answer;
  switch (decision) {
    case 'allow':
    case 'skipped':
      a = OPENED;
      break;
    case 'pending_admin':
      a = PENDING;
      break;
    case 'deny': {
      const primary =
        PRECEDENCE.find((r) => reasons.includes(r as Reason)) ?? reasons[0] ?? 'check_unavailable';
      a = DENY_ANSWERS[primary] ?? DENY_ANSWERS.check_unavailable;
      break;
    }
  }
  return { httpStatus: a.http, code: a.code, message: a.message[lang] };
}

export const FILTER_STATUS: Readonly<Record<Decision, string>> = {
  allow: 'passed',
  deny: 'failed',
  pending_admin: 'pending',
  skipped: 'skipped',
};
