"""Reading a running server's /metrics as Prometheus would: over HTTP, parsed by prometheus-client's own parser."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families


class Samples(dict[tuple[str, frozenset[tuple[str, str]]], float]):
    """Every sample of one scrape, by name and labels."""

    def value(self, name: str, **labels: str) -> float:
        """The sample's value; 0 when the scrape has no such sample (a counter not yet incremented)."""
        return self.get((name, frozenset(labels.items())), 0.0)

    def labels_of(self, name: str) -> list[dict[str, str]]:
        return [dict(labels) for sample, labels in self if sample == name]


async def scrape(http: aiohttp.ClientSession, base_url: str) -> Samples:
    async with http.get(f"{base_url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = await response.text()
    samples = Samples()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples
