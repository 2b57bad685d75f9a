import CoreMetrics
import Foundation
import Prometheus

/// What `GET /metrics` reports, in Prometheus' text format: recorded through swift-metrics into
/// a swift-prometheus registry of this server's own (so several servers in one process, as in
/// the tests, keep their counts apart, and the process's global metrics system is left to the
/// application).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let queueDepth: CoreMetrics.Gauge
    private let busyWorkers: CoreMetrics.Gauge
    private let workers: CoreMetrics.Gauge

    init(workers count: Int) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120].map { Duration.milliseconds(Int($0 * 1000)) }
        self.factory = factory
        queueDepth = CoreMetrics.Gauge(label: "ocr_queue_depth", factory: factory)
        busyWorkers = CoreMetrics.Gauge(label: "ocr_workers_busy", factory: factory)
        workers = CoreMetrics.Gauge(label: "ocr_workers", factory: factory)
        workers.record(count)
    }

    /// One answered request: its protocol (`api3`, `legacy`), action (`legacy`'s is `general`),
    /// the code answered and how long it took.
    func request(protocol name: String, action: String, code: String, duration: Duration) {
        CoreMetrics.Counter(label: "ocr_requests_total", dimensions: [("protocol", name), ("action", action), ("code", code)], factory: factory).increment()
        CoreMetrics.Timer(label: "ocr_request_duration_seconds", dimensions: [("protocol", name), ("action", action)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// One image that reached recognition, by how it ended: `ok`, `no_text` or `failed`.
    func image(status: String) {
        CoreMetrics.Counter(label: "ocr_images_total", dimensions: [("status", status)], factory: factory).increment()
    }

    /// A worker process replaced, and why (``WorkerProcessOptions/onReplaced``).
    func workerReplaced(cause: String) {
        CoreMetrics.Counter(label: "ocr_worker_restarts_total", dimensions: [("cause", cause)], factory: factory).increment()
    }

    /// The text of a scrape, with the pool's gauges as they are now.
    func scrape(busy: Int, queued: Int) -> String {
        busyWorkers.record(busy)
        queueDepth.record(queued)
        return registry.emitToString()
    }
}
