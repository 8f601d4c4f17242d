// OpenTelemetry: one span per tool call (session, tool, upstream, outcome, duration; never arguments or results),
// exported over OTLP/HTTP when $OTEL_EXPORTER_OTLP_ENDPOINT is set. The @opentelemetry packages are imported only
// then, so a gateway without it never loads them (they stay outside the gw bundle: scripts/bundle.mjs).
import type { Logger } from './log.js';
import { VERSION } from './version.js';
import type { CallCompletedContext, Plugin } from './pipeline/types.js';

// The span attributes of one finished call (exported for tests; nothing here is the call's content).
export function callAttributes(ctx: CallCompletedContext): Record<string, string | number | boolean> {
  return {
    'mcp.session.id': ctx.session.id,
    'mcp.tool.name': ctx.name,
    'gw.upstream': ctx.server,
    'gw.upstream.tool': ctx.tool,
    'gw.outcome': ctx.decision,
    'gw.is_error': ctx.isError,
    'gw.duration_ms': ctx.durationMs,
    ...(ctx.group !== undefined && { 'gw.group': ctx.group }),
    'mcp.client.name': ctx.client.name,
  };
}

// The tracing plugin, or undefined when no OTLP endpoint is configured.
export async function loadTracing(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<Plugin | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { SpanStatusCode }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/api'),
  ]);
  // The exporter reads the endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'fast-gateway', 'service.version': VERSION }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 500 })],
  });
  const tracer = provider.getTracer('fast-gateway', VERSION);
  log.info(`tracing tool calls to ${env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? ''} (OTLP/HTTP)`);
  return {
    name: 'tracing',
    hooks: {
      callCompleted(ctx) {
        const end = Date.now();
        const span = tracer.startSpan(`tools/call ${ctx.name}`, { startTime: end - ctx.durationMs, attributes: callAttributes(ctx) });
        if (ctx.decision !== 'allowed' || ctx.isError) span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.decision === 'allowed' ? 'error result' : ctx.decision });
        span.end(end);
      },
    },
    async close() {
      await provider.shutdown();
    },
  };
}
