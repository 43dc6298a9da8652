// Entities of the ledger schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [];
