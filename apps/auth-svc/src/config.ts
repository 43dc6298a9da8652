import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  jwtKeyPairSecret,
  telegramBotTokenSecret,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';
import { z } from 'zod';

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['auth-svc']),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'must look like <bot id>:<secret>'),
  JWT_PRIVATE_KEY: z.string().min(40),
  JWT_PUBLIC_KEY: z.string().min(40),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'auth-svc',
  shape,
  secrets: [telegramBotTokenSecret, jwtKeyPairSecret],
};

export type AppConfig = ConfigOf<typeof shape>;
