import { Inject, Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';

import type { telemetry } from '@trafficshare/contracts';

import { narrowClient } from '../grpc-clients/narrow-client';

/** The one RPC the report path calls. */
export const ReportTelemetry = narrowClient('telemetry', ['ingestReports']);

const MAX_BATCH = 256;
const WAIT_MS = 1;
const IN_FLIGHT = 4;

const queueSeconds = new Histogram({
  name: 'gateway_report_queue_seconds',
  help: 'Time a report waits in the gateway before its IngestReports call starts',
  buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5],
});
const callSeconds = new Histogram({
  name: 'gateway_report_call_seconds',
  help: 'IngestReports round trip (telemetry-svc commits the batch before answering)',
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
});
const batchSize = new Histogram({
  name: 'gateway_report_batch_size',
  help: 'Reports per IngestReports call',
  buckets: [1, 2, 5, 10, 25, 50, 100, 256],
});

interface Pending {
  readonly at: number;
  readonly report: telemetry.ReportInput;
  readonly resolve: (r: telemetry.ReportResult) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Groups the reports arriving at this gateway within ~1 ms into one IngestReports call
 * (telemetry-svc then group-commits them with other gateways' batches). Each HTTP request still
 * gets its own result, and only after telemetry-svc has committed it.
 */
@Injectable()
export class ReportForwarder {
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ReportTelemetry.token) private readonly telemetry: typeof ReportTelemetry.type,
  ) {}

  submit(report: telemetry.ReportInput): Promise<telemetry.ReportResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ at: performance.now(), report, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), WAIT_MS);
    });
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.send(batch);
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const started = performance.now();
    for (const p of batch) queueSeconds.observe((started - p.at) / 1000);
    batchSize.observe(batch.length);
    try {
      const res = await this.telemetry.ingestReports(
        { reports: batch.map((p) => p.report) },
        { metadata: { 'x-batch-size': String(batch.length) } },
      );
      callSeconds.observe((performance.now() - started) / 1000);
      batch.forEach((p, i) => {
        const r = res.results[i];
        if (r) p.resolve(r);
        else p.reject(new Error('telemetry-svc answered fewer results than reports'));
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight -= 1;
      if (this.queue.length > 0) this.flush();
    }
  }
}
