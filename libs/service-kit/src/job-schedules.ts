import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'nats';

import { CronSettingsSchema, parseInterval, type CronJob } from '@trafficshare/config';
import { decodeEvent, eventSubject, eventsStreamName } from '@trafficshare/messaging';

import type { Periodic } from './periodic';
import type { ServiceContext } from './service-context';
import { SERVICE_CONTEXT } from './tokens';

interface Job {
  readonly periodic: Periodic;
  readonly defaultMs: number;
}

/**
 * Applies the `cron` system setting to this replica's periodic jobs without a restart. Every
 * replica must apply it, so this is a plain NATS subscription on the event's subject (JetStream
 * publishes reach core subscribers too), not a durable consumer that one replica would take.
 * At boot the newest SystemSettingsChanged of the stream gives the current value; auth-svc
 * re-publishes both settings whenever it boots, so the stream's max age never loses them.
 * A job the setting leaves out (or an invalid value) runs at the service's configured default.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly jobs = new Map<CronJob, Job>();
  private subscription: Subscription | undefined;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  /** A periodic job this replica runs; its interval follows the setting from now on. */
  register(name: CronJob, periodic: Periodic): void {
    this.jobs.set(name, { periodic, defaultMs: periodic.intervalMs });
  }

  /** The interval a job runs at now (ops and tests). */
  intervalOf(name: CronJob): number | undefined {
    return this.jobs.get(name)?.periodic.intervalMs;
  }

  /** Applies a `cron` value; an invalid one leaves the defaults. */
  apply(value: unknown): void {
    const result = CronSettingsSchema.safeParse(value ?? {});
    const cron = result.success ? result.data : {};
    for (const [name, job] of this.jobs) {
      const every = cron[name];
      const ms = every === undefined ? undefined : parseInterval(every);
      const next = ms ?? job.defaultMs;
      if (next !== job.periodic.intervalMs) {
        this.ctx.logger.info({ job: name, every_ms: next }, 'job schedule changed');
        job.periodic.reschedule(next);
      }
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.jobs.size === 0) return;
    const subject = eventSubject(this.ctx.natsPrefix, 'SystemSettingsChanged');
    this.subscription = this.ctx.nats.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        this.onEvent(msg.data);
      },
    });
    try {
      const jsm = await this.ctx.nats.jetstreamManager();
      const stream = eventsStreamName(this.ctx.natsPrefix);
      const last = await jsm.streams.getMessage(stream, { last_by_subj: subject });
      this.onEvent(last.data);
    } catch {
      // No event yet (404) or NATS slow: defaults until the first change arrives.
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private onEvent(data: Uint8Array): void {
    try {
      const event = decodeEvent('SystemSettingsChanged', data);
      const all = JSON.parse(event.settingsJson) as { cron?: unknown };
      this.apply(all.cron);
    } catch {
      // Undecodable: keep the current schedule.
    }
  }
}
