import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let sdk: NodeSDK | undefined;

export interface TracingOptions {
  /**
   * Incoming HTTP paths that get no span of their own (besides /metrics and /health*): hot
   * routes whose work is traced elsewhere, such as the gateway's reports, which reach
   * telemetry-svc in batches (one IngestReports span per batch).
   */
  readonly untracedPaths?: readonly string[];
}

/**
 * Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set. Call before anything
 * imports http or @grpc/grpc-js, so the instrumentations can patch them: traces then flow
 * HTTP → gRPC (metadata) → NATS (headers, done by @trafficshare/messaging), exported over
 * OTLP/HTTP and sampled as OTEL_TRACES_SAMPLER says (default: every trace).
 *
 * Without an endpoint nothing is instrumented: spans nobody receives are not worth their cost
 * (instrumentation took ~20 % of the gateway's CPU per report even with a sampler that recorded
 * nothing). Log lines then carry no trace ids; the gateway's carry the request id, which it also
 * passes to services as `x-request-id` gRPC metadata.
 */
export function startTracing(serviceName: string, options: TracingOptions = {}): void {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (sdk || !endpoint || process.env.OTEL_SDK_DISABLED === 'true') return;
  const untraced = new Set(options.untracedPaths ?? []);
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
      ),
    ],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) =>
          req.url === '/metrics' ||
          req.url?.startsWith('/health') === true ||
          (req.url !== undefined && untraced.has(req.url.split('?', 1)[0] ?? '')),
      }),
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch'] }),
    ],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}

/** Trace and span ids of the active span, for log lines and error reports. */
export function currentTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  if (!traceId || /^0+$/.test(traceId)) return {};
  return { trace_id: traceId, span_id: spanId };
}
