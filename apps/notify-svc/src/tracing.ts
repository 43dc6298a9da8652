import { startTracing } from '@trafficshare/observability';

startTracing('notify-svc');
