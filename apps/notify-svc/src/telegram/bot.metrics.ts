import { Counter, register } from 'prom-client';

// In prom-client's default registry (the ops server's); reused when the module loads twice (jest).
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}

/** Bot messages by audience (admin | user) and outcome (sent | retried | failed | skipped_blocked). */
export const botMessages = counter(
  'notify_bot_messages_total',
  'Telegram bot messages by audience and outcome',
  ['audience', 'outcome'],
);

/** Chats marked unreachable after Telegram answered 403. */
export const botChatsBlocked = counter(
  'notify_bot_chats_blocked_total',
  'Users marked bot_blocked (Telegram answered 403)',
  [],
);
