#!/usr/bin/env python3
"""Reads a Prometheus text-format scrape on standard input with the official Python client's
parser (prometheus_client, installed by scripts/install-sdk.sh) and prints every sample as JSON:
[{"name", "labels", "value"}, ...]. A scrape the parser refuses fails with its message."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        samples.append({"name": sample.name, "type": family.type, "labels": sample.labels, "value": sample.value})
print(json.dumps(samples))
