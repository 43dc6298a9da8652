import { startTracing } from '@trafficshare/observability';

// Reports reach telemetry-svc in batches: their trace is the IngestReports call of each batch,
// not one span per HTTP request (the hottest route; see traffic/report.route.ts).
startTracing('gateway', { untracedPaths: ['/api/traffic/report'] });
