import { randomBytes } from 'node:crypto';

import { FakeFcmServer } from './fake-fcm-server';
import { FcmSender } from './fcm-sender';

const token = (): string => `tok_${randomBytes(40).toString('base64url')}`;

// firebase-admin itself sends (sendEach), against a server speaking FCM HTTP v1 on 127.0.0.1.
describe('FcmSender through firebase-admin against a fake FCM server', () => {
  const fcm = new FakeFcmServer();
  let sut: FcmSender;

  beforeAll(async () => {
    const port = await fcm.start();
    sut = new FcmSender({ projectId: 'ts-test', emulatorAddress: `127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await sut.close();
    await fcm.stop();
  });

  it('sends notification and data messages, one request per token, with a bearer token', async () => {
    const [a, b] = [token(), token()];
    const outcomes = await sut.sendBatch([
      { token: a, title: 'Money arrived', body: '+$0.12', data: { type: 'income' }, silent: false },
      { token: b, title: '', body: '', data: { type: 'sync' }, silent: true },
    ]);
    expect(outcomes).toEqual(['sent', 'sent']);
    const sent = fcm.messages.filter((m) => m.token === a || m.token === b);
    expect(sent).toEqual([
      expect.objectContaining({
        projectId: 'ts-test',
        token: a,
        notification: { title: 'Money arrived', body: '+$0.12' },
        data: { type: 'income' },
      }),
      expect.objectContaining({ token: b, data: { type: 'sync' } }),
    ]);
    expect(sent[1].notification).toBeUndefined();
  });

  it('tells gone tokens (unregistered, invalid) from other failures', async () => {
    const gone = token();
    fcm.unregistered.add(gone);
    const outcomes = await sut.sendBatch([
      { token: gone, title: 't', body: 'b', data: {}, silent: false },
      { token: 'short', title: 't', body: 'b', data: {}, silent: false },
      { token: token(), title: 't', body: 'b', data: {}, silent: false },
    ]);
    expect(outcomes).toEqual(['token_gone', 'token_gone', 'sent']);
  });
});
