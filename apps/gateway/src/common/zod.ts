// The zod the gateway's contracts use, with the shared field schemas (contract/fields.ts).
import { z } from 'zod/v4';

export { line, queryInt, text } from '../contract/fields';
export { z };
