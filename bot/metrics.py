"""The process's metrics, in Prometheus's text format (prometheus-client).

Two kinds. What the process counts as it works (messages by intent, how long answers take) lives in a
registry of the runtime's own, not the library's global one: tests build many runtimes in one process, and
each must start from zero. What the database holds (deliveries by state, the leases, open conversations)
is read at each scrape and rendered from that reading alone, so a number is never older than the scrape
and a process that cannot read the database shows none rather than a stale one.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from storage.gauges import StoredCounts

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# answers take a few milliseconds; a slow database or a cold Korean model takes seconds
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "partnerbot_messages_handled",
            "Messages handled, by the intent answered (refused, duplicate, ignored, error too)",
            ["intent"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "partnerbot_answer_latency_seconds",
            "From a message reaching the dispatcher to its replies being ready",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)

    def handled(self, intent: str, seconds: float | None) -> None:
        """One message handled; `seconds` when it was answered (not for a duplicate or another bot's message)."""
        self.messages.labels(intent=intent or "unknown").inc()
        if seconds is not None:
            self.latency.observe(seconds)

    def exposition(self, counts: StoredCounts | None, *, lease_holder: str | None) -> bytes:
        """The text of one scrape: the process's metrics, then the database's as read just now (if it could be)."""
        text = generate_latest(self.registry)
        if counts is None:
            return text
        stored = CollectorRegistry()
        stored.register(_Stored(counts, lease_holder))
        return text + generate_latest(stored)


class _Stored(Collector):
    """Gauges of one reading of the database."""

    def __init__(self, counts: StoredCounts, lease_holder: str | None) -> None:
        self.counts, self.lease_holder = counts, lease_holder

    def collect(self) -> Iterator[GaugeMetricFamily]:
        deliveries = GaugeMetricFamily(
            "partnerbot_deliveries", "Rows of the deliveries table, by state", labels=["state"]
        )
        for state, count in self.counts.deliveries.items():
            deliveries.add_metric([state], count)
        yield deliveries
        holders = GaugeMetricFamily(
            "partnerbot_lease_holder",
            "1 for the holder of each unexpired lease (the scheduler's is named scheduler)",
            labels=["lease", "holder"],
        )
        held_here = GaugeMetricFamily(
            "partnerbot_lease_held_by_this_process", "1 when this process holds the lease, else 0", labels=["lease"]
        )
        names = {"scheduler"} | {lease.name for lease in self.counts.leases}
        current = {lease.name: lease.holder for lease in self.counts.leases}
        for name in sorted(names):
            if name in current:
                holders.add_metric([name, current[name]], 1)
            held_here.add_metric([name], int(self.lease_holder is not None and current.get(name) == self.lease_holder))
        yield holders
        yield held_here
        yield GaugeMetricFamily(
            "partnerbot_open_conversations",
            "Conversations still open (update conversations under way)",
            value=self.counts.open_conversations,
        )
