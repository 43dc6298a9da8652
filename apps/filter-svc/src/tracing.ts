import { startTracing } from '@trafficshare/observability';

startTracing('filter-svc');
