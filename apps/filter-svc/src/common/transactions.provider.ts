import type { Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { Transactions } from '@trafficshare/database';
import { DATA_SOURCE } from '@trafficshare/service-kit';

/** The transaction helper for the feature modules that write (services never hold the DataSource). */
export const TRANSACTIONS: Provider = {
  provide: Transactions,
  useFactory: (ds: DataSource) => new Transactions(ds),
  inject: [DATA_SOURCE],
};
