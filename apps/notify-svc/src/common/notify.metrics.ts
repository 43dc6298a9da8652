import { Counter, Gauge, Histogram, register } from 'prom-client';

// In prom-client's default registry (the ops server's); reused when the module loads twice (jest).
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}

function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (
    (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames })
  );
}

function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}

/**
 * notify-svc's metrics. `kind` is `queued` (the dispatcher: notifications from events) or
 * `admin` (the admin's segment push). The Telegram bot counts its own messages
 * (notify_bot_messages_total).
 */
export const NOTIFY_METRICS = {
  /** Tokens FCM accepted a message for. */
  pushSent: counter('notify_push_sent_total', 'Push messages FCM accepted (per token)', ['kind']),
  /** Tokens FCM refused a message for (including tokens reported gone). */
  pushFailed: counter('notify_push_failed_total', 'Push messages FCM refused (per token)', [
    'kind',
    'reason',
  ]),
  /** Tokens deleted: FCM reported them unregistered or invalid (`gone`), or not refreshed for
   *  DEVICE_TOKEN_TTL_DAYS (`stale`). */
  tokensDeleted: counter('notify_push_tokens_deleted_total', 'Device tokens deleted', ['reason']),
  /** Notifications stored, by type. */
  created: counter('notify_notifications_created_total', 'Notifications stored', ['type']),
  /** Queued notifications handled by the dispatcher, by outcome (sent | failed | no_device |
   *  push_off). */
  dispatched: counter('notify_notifications_dispatched_total', 'Queued notifications handled', [
    'outcome',
  ]),
  /** Waiting now (`queue`: `push`, notifications not yet pushed; `bot`, bot messages due),
   *  and the age of the oldest (0 when empty): set by the queue watcher, not the dispatchers,
   *  so a stuck dispatcher shows as a growing age. */
  queueBacklog: gauge('notify_queue_backlog', 'Items waiting in a delivery queue', ['queue']),
  queueOldest: gauge(
    'notify_queue_oldest_seconds',
    'Age of the oldest item waiting in a delivery queue (0 when empty)',
    ['queue'],
  ),
  /** From the event behind a notification to its delivery (pushed and published live). */
  lag: histogram(
    'notify_notification_lag_seconds',
    'From the event behind a notification to its delivery (push and WebSocket)',
    ['type'],
    [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
  ),
} as const;
