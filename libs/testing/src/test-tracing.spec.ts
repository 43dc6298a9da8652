import { context, propagation, trace } from '@opentelemetry/api';

import { installTestTracing } from './test-tracing';

describe(installTestTracing.name, () => {
  it('records spans, keeps the active span across awaits and injects W3C headers', async () => {
    const tracing = installTestTracing();
    try {
      const tracer = trace.getTracer('test');
      const headers: Record<string, string> = {};
      await tracer.startActiveSpan('outer', async (outer) => {
        await new Promise((resolve) => setImmediate(resolve));
        propagation.inject(context.active(), headers);
        tracer.startSpan('inner').end();
        outer.end();
      });
      const [inner, outer] = tracing.spans();
      expect(outer.name).toBe('outer');
      expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
      expect(headers.traceparent).toBe(
        `00-${outer.spanContext().traceId}-${outer.spanContext().spanId}-01`,
      );
    } finally {
      await tracing.uninstall();
    }
  });
});
