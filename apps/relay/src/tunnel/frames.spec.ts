import {
  decodeFrame,
  encodeFrame,
  FrameError,
  FrameType,
  parseOpenPayload,
  windowPayload,
} from './frames';

describe('tunnel frames', () => {
  it('round-trips type, stream id and payload', () => {
    const frame = decodeFrame(encodeFrame(FrameType.Data, 0xfffffffe, Buffer.from('hello')));
    expect(frame.type).toBe(FrameType.Data);
    expect(frame.streamId).toBe(0xfffffffe);
    expect(frame.payload.toString()).toBe('hello');
  });

  it('carries window credits as u32', () => {
    const frame = decodeFrame(encodeFrame(FrameType.Window, 3, windowPayload(262_144)));
    expect(frame.payload.readUInt32BE(0)).toBe(262_144);
  });

  it.each([
    ['a short frame', Buffer.from([4, 0, 0])],
    ['an unknown type', Buffer.from([42, 0, 0, 0, 1])],
    ['type zero', Buffer.from([0, 0, 0, 0, 1])],
    ['a window frame without 4 bytes', encodeFrame(FrameType.Window, 1, Buffer.from([1]))],
  ])('refuses %s', (_name, message) => {
    expect(() => decodeFrame(message)).toThrow(FrameError);
  });

  it('validates open targets', () => {
    expect(parseOpenPayload(Buffer.from('{"host":"example.com","port":443}'))).toEqual({
      host: 'example.com',
      port: 443,
    });
    expect(() => parseOpenPayload(Buffer.from('{"host":"x","port":0}'))).toThrow(FrameError);
    expect(() => parseOpenPayload(Buffer.from('{"host":"","port":80}'))).toThrow(FrameError);
    expect(() => parseOpenPayload(Buffer.from('nope'))).toThrow(FrameError);
  });
});
