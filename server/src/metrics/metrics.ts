/**
 * Counters and gauges for `/metrics` (Prometheus text exposition format 0.0.4). The server
 * owns one instance (no module-level state); gauges are read at scrape time.
 */
export interface MetricsSource {
  rooms(): number;
  connections(): number;
  /** Age (seconds) of the oldest update received but not yet written, over every room. */
  persistenceLagSeconds(): number;
  pendingUpdates(): number;
}

export class Metrics {
  updatesTotal = 0;
  persistedUpdatesTotal = 0;
  writeErrorsTotal = 0;
  refusedWritesTotal = 0;
  rateLimitedTotal = 0;
  refusedConnectionsTotal = 0;
  malformedFramesTotal = 0;
  private readonly startedAt = Date.now();

  render(src: MetricsSource): string {
    const mem = process.memoryUsage();
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${Number.isFinite(value) ? value : 0}`);
    };
    metric('tsunagu_rooms', 'gauge', 'Documents loaded in memory (public and restricted).', src.rooms());
    metric('tsunagu_connections', 'gauge', 'Open websocket connections.', src.connections());
    metric('tsunagu_updates_total', 'counter', 'Document updates applied (rate() gives updates/s).', this.updatesTotal);
    metric('tsunagu_persisted_updates_total', 'counter', 'Updates written to the update log.', this.persistedUpdatesTotal);
    metric('tsunagu_persistence_lag_seconds', 'gauge', 'Age of the oldest update not yet written to storage.', src.persistenceLagSeconds());
    metric('tsunagu_persistence_pending_updates', 'gauge', 'Updates waiting to be written.', src.pendingUpdates());
    metric('tsunagu_write_errors_total', 'counter', 'Failed storage writes (kept in memory and retried).', this.writeErrorsTotal);
    metric('tsunagu_refused_writes_total', 'counter', 'Updates refused by a limit (text length, item count).', this.refusedWritesTotal);
    metric('tsunagu_rate_limited_total', 'counter', 'Connections closed for sending too many messages.', this.rateLimitedTotal);
    metric('tsunagu_refused_connections_total', 'counter', 'Upgrades refused by the per-address limit.', this.refusedConnectionsTotal);
    metric('tsunagu_malformed_frames_total', 'counter', 'Connections closed for a malformed frame.', this.malformedFramesTotal);
    metric('process_resident_memory_bytes', 'gauge', 'Resident set size.', mem.rss);
    metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', mem.heapUsed);
    metric('process_uptime_seconds', 'gauge', 'Seconds since the server started.', (Date.now() - this.startedAt) / 1000);
    return lines.join('\n') + '\n';
  }
}
