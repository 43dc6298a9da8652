import { startTracing } from '@trafficshare/observability';

startTracing('gateway');
