import { startTracing } from '@trafficshare/observability';

startTracing('payout-svc');
