import { startTracing } from '@trafficshare/observability';

startTracing('ledger-svc');
