import type { Services } from '@adopt/api';

type PromClient = typeof import('prom-client');

/** What the HTTP handler needs: record one request's latency, and render the scrape. */
export interface Metrics {
  observeRequest(route: string, status: number, seconds: number): void;
  scrape(): Promise<{ contentType: string; text: string }>;
}

/**
 * Prometheus figures: live connections, deliveries, drops, event-log lag and request latency.
 * prom-client (≈ 10 MB of RSS) loads on the first scrape, since a Pi often has no Prometheus; the bus counts
 * deliveries and drops from start, so only the latency histogram starts at the first scrape.
 */
export function createMetrics(services: Services): Metrics {
  let loading: Promise<ReturnType<typeof buildRegistry>> | null = null;
  let loaded: ReturnType<typeof buildRegistry> | null = null;
  return {
    observeRequest(route, status, seconds) {
      loaded?.requestDuration.observe({ route, status: String(status) }, seconds);
    },
    async scrape() {
      loading ??= import('prom-client').then((client) => {
        loaded = buildRegistry(client, services);
        return loaded;
      });
      const { registry } = await loading;
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

function buildRegistry({ Counter, Gauge, Histogram, Registry }: PromClient, services: Services) {
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
    help: 'HTTP request latency (streams excluded), counted from the first scrape',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, requestDuration };
}
