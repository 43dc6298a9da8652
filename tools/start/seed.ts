// Demo data for a local platform (an admin, today's price). Filled in by the seeding issue; it
// runs once the platform is ready, so it can go through the gateway or the services' gRPC APIs
// like any client instead of writing other services' tables.

import { log } from './log';

export interface SeedContext {
  /** e.g. http://127.0.0.1:8080 */
  readonly gatewayUrl: string;
  /** The variables the apps see (.env under the process environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function seedDemoData(_context: SeedContext): Promise<void> {
  log('seed', 'no demo data defined yet (tools/start/seed.ts)');
}
