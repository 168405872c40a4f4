#!/usr/bin/env python3
"""Writes chartbox's Grafana dashboard (helm/chartbox/dashboards/chartbox.json).

The JSON is generated so that its panels, queries and layout stay readable and reviewable here;
helm/check.sh fails when the committed JSON differs from what this script writes.

    python3 dashboards/build_dashboard.py            # rewrite the JSON
    python3 dashboards/build_dashboard.py --check    # exit 1 if it is out of date

The PANELS list is also what dashboards/render.py draws from scraped data, so the README's picture
shows the same queries the dashboard runs.
"""
import json
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "helm" / "chartbox" / "dashboards" / "chartbox.json"

# Every query filters on the namespace variable; `=~".*"` also matches series without the label.
NS = 'namespace=~"$namespace"'
RATE = "$__rate_interval"
PHASES = ["queue_wait", "instantiate", "execute", "upload", "publish"]


def q(expr, legend):
    return {"expr": expr, "legend": legend}


def quantiles(metric, by, extra="", legend_prefix=""):
    """p50/p95/p99 of a histogram, grouped by `by` (a label list string, may be empty)."""
    group = f"le, {by}" if by else "le"
    sel = f"{NS}{extra}"
    return [
        q(f"histogram_quantile({p}, sum by ({group}) (rate({metric}_bucket{{{sel}}}[{RATE}])))",
          f"{legend_prefix}p{int(p * 100)}")
        for p in (0.5, 0.95, 0.99)
    ]


# (row title, [panels]); a panel: title, unit, description, queries, and optional kind/width/repeat.
PANELS = [
    ("Jobs", [
        dict(title="Jobs finished per second, by status", unit="reqps", stack=True,
             description="chartbox_jobs_finished_total: every accepted job ends with exactly one final status.",
             queries=[q(f"sum by (status) (rate(chartbox_jobs_finished_total{{{NS}}}[{RATE}]))", "{{status}}")]),
        dict(title="Jobs submitted and rejected per second", unit="reqps",
             description="Accepted by the api (chartbox_jobs_submitted_total) and rejected requests by reason.",
             queries=[q(f"sum(rate(chartbox_jobs_submitted_total{{{NS}}}[{RATE}]))", "submitted"),
                      q(f"sum by (reason) (rate(chartbox_requests_rejected_total{{{NS}}}[{RATE}]))",
                        "rejected: {{reason}}")]),
        dict(title="Errors and dead letters per second", unit="reqps",
             description="Infrastructure failures (INTERNAL_ERROR) and jobs sent to the dead-letter topic.",
             # `or vector(0)`: these counters appear only at their first event; draw zero until then.
             queries=[q(f'sum(rate(chartbox_jobs_finished_total{{{NS}, status="INTERNAL_ERROR"}}[{RATE}])) or vector(0)',
                        "internal errors"),
                      q(f"sum by (reason) (rate(chartbox_jobs_dead_lettered_total{{{NS}}}[{RATE}]))",
                        "dead-lettered: {{reason}}"),
                      q(f'sum(rate(http_server_requests_seconds_count{{{NS}, application="chartbox-api", status=~"5.."}}[{RATE}]))'
                        f' or vector(0)', "api HTTP 5xx")]),
    ]),
    ("Latency", [
        dict(title="End-to-end job duration", unit="s",
             description="chartbox_job_duration_seconds: from submission to the published result.",
             queries=quantiles("chartbox_job_duration_seconds", "")),
        dict(title="HTTP request duration (api)", unit="s",
             description="http_server_requests_seconds of the api, all endpoints.",
             queries=quantiles("http_server_requests_seconds", "", ', application="chartbox-api", uri!~"/actuator.*"')),
    ]),
    ("Latency by phase", [
        dict(title="Phase $phase", unit="s", repeat="phase", width=24,
             description="chartbox_job_phase_seconds for one phase: queue_wait, instantiate, execute, upload, publish.",
             queries=quantiles("chartbox_job_phase_seconds", "", ', phase="$phase"')),
    ]),
    ("Workers", [
        dict(title="Consumer lag (jobs waiting), per worker", unit="short", stack=True,
             description="kafka_consumer_fetch_manager_records_lag_max of each worker's partitions, summed "
                         "(the client reports each partition twice, under the topic's name with dots and with "
                         "underscores: max by partition counts it once). KEDA scales on the group's lag as the "
                         "broker sees it.",
             queries=[q(f'sum by (pod) (max by (pod, partition) (kafka_consumer_fetch_manager_records_lag_max'
                        f'{{{NS}, application="chartbox-worker"}}))', "{{pod}}")]),
        dict(title="Sandboxes active and pooled, per worker", unit="short",
             description="chartbox_sandboxes_active (running a job) and chartbox_sandboxes_pooled (ready).",
             queries=[q(f"sum by (pod) (chartbox_sandboxes_active{{{NS}}})", "active {{pod}}"),
                      q(f"sum by (pod) (chartbox_sandboxes_pooled{{{NS}}})", "pooled {{pod}}")]),
        dict(title="Guest memory per run", unit="bytes",
             description="chartbox_sandbox_memory_bytes: the guest's linear memory at the end of a run (its peak); "
                         "the snapshot alone is ~175 MiB. Size workers from p99 and max against jobLimits.maxMemory.",
             queries=[q(f"sum(rate(chartbox_sandbox_memory_bytes_sum{{{NS}}}[{RATE}])) / "
                        f"sum(rate(chartbox_sandbox_memory_bytes_count{{{NS}}}[{RATE}]))", "mean"),
                      q(f"histogram_quantile(0.99, sum by (le) (rate(chartbox_sandbox_memory_bytes_bucket{{{NS}}}[{RATE}])))", "p99"),
                      q(f"max(chartbox_sandbox_memory_bytes_max{{{NS}}})", "max")]),
        dict(title="Artifacts per second", unit="short",
             description="chartbox_artifacts_total and chartbox_artifact_bytes_total (right axis: bytes/s).",
             queries=[q(f"sum(rate(chartbox_artifacts_total{{{NS}}}[{RATE}]))", "artifacts/s"),
                      q(f"sum(rate(chartbox_artifact_bytes_total{{{NS}}}[{RATE}]))", "bytes/s")],
             right_axis="bytes/s"),
    ]),
    ("JVM", [
        dict(title="Heap used, per pod", unit="bytes",
             description="jvm_memory_used_bytes{area=heap}; guest linear memories live on the heap.",
             queries=[q(f'sum by (pod) (jvm_memory_used_bytes{{{NS}, area="heap"}})', "{{pod}}")]),
        dict(title="GC pause time per second, per pod", unit="s",
             description="rate of jvm_gc_pause_seconds_sum: the share of each second spent in GC pauses.",
             queries=[q(f"sum by (pod) (rate(jvm_gc_pause_seconds_sum{{{NS}}}[{RATE}]))", "{{pod}}")]),
        dict(title="Process CPU, per pod", unit="percentunit",
             description="process_cpu_usage: a worker runs one sandbox per core.",
             queries=[q(f"max by (pod) (process_cpu_usage{{{NS}}})", "{{pod}}")]),
    ]),
]


def timeseries(panel_id, panel, x, y, w, h):
    targets = [{"datasource": {"type": "prometheus", "uid": "${datasource}"}, "expr": t["expr"],
                "legendFormat": t["legend"], "refId": chr(ord("A") + i)}
               for i, t in enumerate(panel["queries"])]
    custom = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never",
              "spanNulls": True}
    if panel.get("stack"):
        custom["stacking"] = {"mode": "normal", "group": "A"}
    overrides = []
    if panel.get("right_axis"):
        overrides.append({"matcher": {"id": "byName", "options": panel["right_axis"]},
                          "properties": [{"id": "custom.axisPlacement", "value": "right"},
                                         {"id": "unit", "value": "Bps"}]})
    out = {
        "id": panel_id, "type": "timeseries", "title": panel["title"], "description": panel["description"],
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": panel["unit"], "custom": custom}, "overrides": overrides},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": targets,
    }
    if panel.get("repeat"):
        out.update({"repeat": panel["repeat"], "repeatDirection": "h", "maxPerRow": 3})
    return out


def variable(name, label, query, include_all=True, multi=True):
    return {"name": name, "label": label, "type": "query",
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "query": {"query": query, "refId": name}, "definition": query, "refresh": 2,
            "includeAll": include_all, "multi": multi, "allValue": ".*" if include_all else None,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]} if include_all else {},
            "sort": 1}


def dashboard():
    panels, y, pid = [], 0, 1
    for row_title, row_panels in PANELS:
        panels.append({"id": pid, "type": "row", "title": row_title, "collapsed": False,
                       "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "panels": []})
        pid, y, x = pid + 1, y + 1, 0
        for p in row_panels:
            w = p.get("width", 24 // len(row_panels) if len(row_panels) <= 3 else 12)
            if x + w > 24:
                x, y = 0, y + 8
            panels.append(timeseries(pid, p, x, y, w, 8))
            pid, x = pid + 1, x + w
        y += 8
    phase = variable("phase", "Phase", "label_values(chartbox_job_phase_seconds_bucket, phase)")
    phase["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
    return {
        "title": "chartbox",
        "uid": "chartbox-overview",
        "description": "chartbox: jobs, latency by phase, Kafka lag, sandboxes, JVM. Generated by dashboards/build_dashboard.py.",
        "tags": ["chartbox", "kafka", "jvm"],
        "timezone": "browser",
        "editable": True,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-3h", "to": "now"},
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "regex": "", "includeAll": False, "multi": False},
            variable("namespace", "Namespace", "label_values(chartbox_jobs_finished_total, namespace)"),
            phase,
        ]},
        "annotations": {"list": []},
        "links": [],
        "panels": panels,
    }


def main():
    text = json.dumps(dashboard(), indent=2) + "\n"
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT} is out of date: run python3 dashboards/build_dashboard.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
