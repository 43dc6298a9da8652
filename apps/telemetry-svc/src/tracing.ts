import { startTracing } from '@trafficshare/observability';

startTracing('telemetry-svc');
