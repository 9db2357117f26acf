import type { Services } from '@adopt/api';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus figures: live connections, deliveries, drops, event-log lag and request latency. */
export function createMetrics(services: Services) {
  const registry = new Registry();
  const { bus } = services;
  new Gauge({
    name: 'aas_sse_connections',
    help: 'Open live-event subscriptions',
    registers: [registry],
    collect() {
      this.set(services.connectionStats().totalClients);
    },
  });
  new Counter({
    name: 'aas_live_deliveries_total',
    help: 'Live events handed to subscribers',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(bus.stats.deliveries);
    },
  });
  new Counter({
    name: 'aas_live_dropped_subscribers_total',
    help: 'Subscribers disconnected for falling too far behind',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(bus.stats.dropped);
    },
  });
  new Gauge({
    name: 'aas_event_log_lag',
    help: 'Committed events not yet dispatched to subscribers',
    registers: [registry],
    async collect() {
      this.set(await bus.lag());
    },
  });
  const requestDuration = new Histogram({
    name: 'aas_http_request_duration_seconds',
    help: 'HTTP request latency (streams excluded)',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, requestDuration };
}
