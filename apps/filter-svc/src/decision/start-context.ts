import type { filter } from '@trafficshare/contracts';

/** One START as filter-svc sees it. */
export interface StartContext {
  readonly telegramId: number;
  readonly role: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly clientIp: string;
  readonly networkType: string;
  readonly appVersion: string;
  readonly os: string;
  readonly clientLocalIp: string;
  readonly language: string;
  readonly dryRun: boolean;
  /** Admin behind a dry-run check. */
  readonly requestedBy?: number;
}

export const fromDecideRequest = (r: filter.DecideRequest): StartContext => ({ ...r });

export const fromCheckRequest = (r: filter.CheckRequest): StartContext => ({
  telegramId: r.telegramId,
  role: 'user',
  deviceId: '',
  sessionId: '',
  clientIp: r.clientIp,
  networkType: r.networkType,
  appVersion: '',
  os: '',
  clientLocalIp: '',
  language: r.language,
  dryRun: true,
  requestedBy: r.adminId,
});
