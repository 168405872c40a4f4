#!/usr/bin/env python3
"""Generates kubeconform schemas for the custom resources the chart renders, from the typed models
that the PyPI packages cloudcoil-models-keda and cloudcoil-models-prometheus-operator ship.

helm/check.sh uses it only where the team's copy of the CRD catalog (../shared/crd-schemas) is
absent. Output layout, as kubeconform's -schema-location expects:
    OUT/{group}/{kind}_{version}.json      e.g. OUT/keda.sh/scaledobject_v1alpha1.json

    python3 crd_schemas.py OUT
"""
import json
import pathlib
import sys

from cloudcoil.models.keda import v1alpha1 as keda
from cloudcoil.models.prometheus_operator import v1 as monitoring

MODELS = [
    ("keda.sh", "v1alpha1", keda.ScaledObject),
    ("keda.sh", "v1alpha1", keda.TriggerAuthentication),
    ("monitoring.coreos.com", "v1", monitoring.ServiceMonitor),
    ("monitoring.coreos.com", "v1", monitoring.PodMonitor),
    ("monitoring.coreos.com", "v1", monitoring.PrometheusRule),
]


def closed(node):
    """Objects with declared properties accept no others (kubeconform -strict does the same for core kinds)."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            closed(value)
    elif isinstance(node, list):
        for value in node:
            closed(value)
    return node


def main(out):
    for group, version, model in MODELS:
        schema = closed(model.model_json_schema(by_alias=True, mode="validation"))
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        path = pathlib.Path(out) / group / f"{model.__name__.lower()}_{version}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema))
        print(path)


if __name__ == "__main__":
    main(sys.argv[1])
