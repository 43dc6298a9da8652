// The fake FCM server in a process of its own (the broadcast bench measures notify-svc's memory
// without it): prints its port as JSON on stdout, marks the tokens it is sent over IPC
// unregistered, and answers `stats` with its counts.

import { FakeFcmServer } from '../../apps/notify-svc/src/push/fake-fcm-server';

type Command = { gone: string[] } | { stats: true };

const fcm = new FakeFcmServer(undefined, { keepMessages: false });
void fcm.start().then((port) => process.stdout.write(`${JSON.stringify({ port })}\n`));
process.on('message', (command: Command) => {
  if ('gone' in command) for (const t of command.gone) fcm.unregistered.add(t);
  process.send?.({ accepted: fcm.accepted, requests: fcm.requests });
});
process.on('disconnect', () => void fcm.stop().then(() => process.exit(0)));
