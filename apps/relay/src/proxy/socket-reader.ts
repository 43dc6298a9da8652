import type { Socket } from 'node:net';

export class ReadError extends Error {}

/** Reads exactly `n` bytes from a paused socket (what follows stays in the socket's buffer). */
export function readExactly(socket: Socket, n: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new ReadError('timeout')), timeoutMs);
    const attempt = (): void => {
      const chunk = socket.read(n) as Buffer | null;
      if (chunk) finish(null, chunk);
    };
    const ended = (): void => finish(new ReadError('closed'));
    const finish = (error: Error | null, chunk?: Buffer): void => {
      clearTimeout(timer);
      socket.off('readable', attempt);
      socket.off('end', ended);
      socket.off('close', ended);
      if (error) reject(error);
      else resolve(chunk!);
    };
    socket.on('readable', attempt);
    socket.on('end', ended);
    socket.on('close', ended);
    attempt();
  });
}

/** Reads up to and including the blank line that ends an HTTP head; the rest is unshifted. */
export function readHttpHead(socket: Socket, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new ReadError('timeout')), timeoutMs);
    const attempt = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          const rest = head.subarray(end + 4);
          if (rest.length > 0) socket.unshift(rest);
          return finish(null, head.subarray(0, end + 4));
        }
        if (head.length > maxBytes) return finish(new ReadError('head_too_large'));
      }
    };
    const ended = (): void => finish(new ReadError('closed'));
    const finish = (error: Error | null, value?: Buffer): void => {
      clearTimeout(timer);
      socket.off('readable', attempt);
      socket.off('end', ended);
      socket.off('close', ended);
      if (error) reject(error);
      else resolve(value!);
    };
    socket.on('readable', attempt);
    socket.on('end', ended);
    socket.on('close', ended);
    attempt();
  });
}
