import { PushJobs1796441088543 } from './1796441088543-push-jobs';
import { NewsReports1796421015092 } from './1796421015092-news-reports';
import { BotSupport1796421099503 } from './1796421099503-bot-support';
import { Recipients1796414614379 } from './1796414614379-recipients';
import { DevicesNotifications1796414303495 } from './1796414303495-devices-notifications';
import { Init1795303146311 } from './1795303146311-init';
// Migrations of the notify schema, oldest first. Generate with:
//   npm run migration:generate -- notify-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1795303146311,
  DevicesNotifications1796414303495,
  Recipients1796414614379,
  NewsReports1796421015092,
  BotSupport1796421099503,
  PushJobs1796441088543,
];
