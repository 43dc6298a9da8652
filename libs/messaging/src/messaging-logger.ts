/** The slice of a pino logger the messaging classes use; defaults to silence. */
export interface MessagingLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = { warn: () => undefined, error: () => undefined };

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
