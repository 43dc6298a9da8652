import { startTracing } from '@trafficshare/observability';

startTracing('auth-svc');
