// Prometheus metrics: process defaults, HTTP requests by route and status, and the platform's own
// counters (registrations, codes, outbox deliveries). Guarantees: labels are bounded (route
// patterns, never raw URLs or identifiers).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'absher_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly outboxDeliveries = new Counter({
    name: 'absher_outbox_deliveries_total',
    help: 'Outbound message delivery attempts by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly flowEvents = new Counter({
    name: 'absher_flow_events_total',
    help: 'Flow events by flow kind, event and outcome',
    labelNames: ['kind', 'event', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaults: boolean }) {
    if (options.defaults) collectDefaultMetrics({ register: this.registry });
  }
}
