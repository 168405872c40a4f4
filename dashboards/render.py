#!/usr/bin/env python3
"""Draws the main panels of chartbox's Grafana dashboard from real scrapes of /actuator/prometheus.

Grafana is not needed: scrape the running apps a while, then render a PNG (the README's picture).

    # while jobs flow (bin/chartbox up, or kubectl port-forward to an api and a worker pod):
    python3 dashboards/render.py scrape --out /tmp/scrapes --interval 5 --count 120 \\
        http://localhost:8080/actuator/prometheus http://localhost:8081/actuator/prometheus
    python3 dashboards/render.py render /tmp/scrapes docs/dashboard.png   # needs matplotlib
    python3 dashboards/render.py missing /tmp/scrapes   # dashboard/alert series the scrapes lack

Each panel does what its dashboard query does (build_dashboard.py has the PromQL): rate() of
counters over a sliding window, histogram_quantile() by Prometheus' own interpolation, gauges as
scraped. Every scraped target stands for one pod (its host:port is the `pod` label).
"""
import argparse
import math
import pathlib
import re
import sys
import time
import urllib.request
from collections import defaultdict

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


STATUS_COLOURS = {"SUCCEEDED": "#73bf69", "FAILED": "#f2495c", "TIMED_OUT": "#ff9830",
                  "MEMORY_EXCEEDED": "#b877d9", "OUTPUT_LIMIT_EXCEEDED": "#fade2a", "REJECTED": "#8ab8ff",
                  "INTERNAL_ERROR": "#c4162a"}


# ---- scraping --------------------------------------------------------------------------------

def scrape(urls, out, interval, count):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        started = time.time()
        for i, url in enumerate(urls):
            try:
                with urllib.request.urlopen(url, timeout=max(1.0, interval)) as response:
                    body = response.read().decode()
            except OSError as e:
                print(f"scrape {url}: {e}", file=sys.stderr)
                continue
            target = url.split("//", 1)[-1].split("/", 1)[0]
            path = out / f"{int(started * 1000)}-{i}.prom"
            path.write_text(f"# SCRAPE target={target} time={started:.3f}\n{body}")
        print(f"scrape {n + 1}/{count}", file=sys.stderr)
        time.sleep(max(0.0, interval - (time.time() - started)))


# ---- parsing ---------------------------------------------------------------------------------

def parse(text):
    """Prometheus text format → (target, time, [(name, labels dict, value)])."""
    target, when, samples = "unknown", None, []
    for line in text.splitlines():
        if line.startswith("# SCRAPE "):
            fields = dict(f.split("=", 1) for f in line[9:].split())
            target, when = fields["target"], float(fields["time"])
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            continue
        name, labels, value = m.groups()
        labels = {k: v.replace('\\"', '"').replace("\\\\", "\\") for k, v in LABEL.findall(labels or "")}
        samples.append((name, labels, float(value)))
    return target, when, samples


class Scrapes:
    """Every sample of every scrape: series (name, labels incl. pod) → [(time, value)]."""

    def __init__(self, folder):
        self.series = defaultdict(list)
        files = sorted(pathlib.Path(folder).glob("*.prom"))
        if not files:
            raise SystemExit(f"no *.prom scrapes in {folder}")
        for f in files:
            target, when, samples = parse(f.read_text())
            when = when if when is not None else f.stat().st_mtime
            for name, labels, value in samples:
                key = (name, tuple(sorted({**labels, "pod": target}.items())))
                self.series[key].append((when, value))
        for points in self.series.values():
            points.sort()
        self.times = sorted({t for points in self.series.values() for t, _ in points})

    def select(self, name, **match):
        for (n, labels), points in self.series.items():
            d = dict(labels)
            if n == name and all(re.fullmatch(v, d.get(k, "")) for k, v in match.items()):
                yield d, points


def value_at(points, t):
    """The last value at or before t (what an instant query sees), or None."""
    best = None
    for when, value in points:
        if when > t:
            break
        best = value
    return best


def increase(points, start, end):
    """Counter increase over (start, end], counter resets counted as Prometheus does."""
    inside = [(t, v) for t, v in points if start <= t <= end]
    if len(inside) < 2:
        return None
    total = 0.0
    for (_, a), (_, b) in zip(inside, inside[1:]):
        total += b - a if b >= a else b
    return total


def rate(points, start, end):
    inc = increase(points, start, end)
    return None if inc is None or end <= start else inc / (end - start)


def sum_by(series_rates, by):
    out = defaultdict(float)
    for labels, value in series_rates:
        if value is not None:
            out[tuple(labels.get(k, "") for k in by)] += value
    return out


def histogram_quantile(q, buckets):
    """Prometheus' histogram_quantile on {le: cumulative count}: linear within the bucket,
    the last finite bound when the rank falls in +Inf, NaN without observations."""
    bounds = sorted(buckets.items(), key=lambda kv: float(kv[0]))
    if not bounds or float(bounds[-1][0]) != math.inf:
        return math.nan
    total = bounds[-1][1]
    if total <= 0:
        return math.nan
    rank = q * total
    lower, below = 0.0, 0.0
    for le, count in bounds:
        upper = float(le)
        if count >= rank:
            if upper == math.inf:
                return lower
            if count == below:
                return upper
            return lower + (upper - lower) * (rank - below) / (count - below)
        lower, below = upper, count
    return lower


# ---- panels ----------------------------------------------------------------------------------

def rates_by(scrapes, name, by, window, **match):
    """{group: [(t, value)]} of sum by (by) (rate(name[window]))."""
    out = defaultdict(list)
    for t in scrapes.times:
        if t - window < scrapes.times[0]:
            continue
        summed = sum_by(((labels, rate(points, t - window, t)) for labels, points in scrapes.select(name, **match)), by)
        for group, value in summed.items():
            out[group].append((t, value))
    return out


def quantiles_by(scrapes, metric, by, window, qs=(0.5, 0.95, 0.99), **match):
    """{(group, q): [(t, seconds)]} of histogram_quantile(q, sum by (le, by) (rate(metric_bucket[window])))."""
    out = defaultdict(list)
    for t in scrapes.times:
        if t - window < scrapes.times[0]:
            continue
        buckets = defaultdict(lambda: defaultdict(float))
        for labels, points in scrapes.select(metric + "_bucket", **match):
            inc = increase(points, t - window, t)
            if inc is not None:
                buckets[tuple(labels.get(k, "") for k in by)][labels["le"]] += inc
        for group, by_le in buckets.items():
            for q in qs:
                v = histogram_quantile(q, by_le)
                if not math.isnan(v):
                    out[(group, q)].append((t, v))
    return out


def gauges_by(scrapes, name, by, agg=max, scale=1.0, **match):
    out = defaultdict(list)
    for t in scrapes.times:
        groups = defaultdict(list)
        for labels, points in scrapes.select(name, **match):
            v = value_at(points, t)
            if v is not None and not math.isnan(v):
                groups[tuple(labels.get(k, "") for k in by)].append(v)
        for group, values in groups.items():
            out[group].append((t, agg(values) * scale))
    return out


def render(folder, png, window):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = Scrapes(folder)
    t0 = s.times[0]
    plt.style.use("dark_background")
    fig, axes = plt.subplots(3, 3, figsize=(18, 11), constrained_layout=True)
    fig.suptitle(f"chartbox — {len(s.times)} scrapes of {len({dict(k[1])['pod'] for k in s.series})} "
                 f"targets over {(s.times[-1] - t0) / 60:.1f} min (rate window {window:.0f} s)", fontsize=13)

    def draw(ax, title, lines, unit=""):
        ax.set_title(title, fontsize=11, loc="left")
        drawn, colours = False, {}
        cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for label, points in sorted(lines.items(), key=lambda kv: str(kv[0])):
            if points:
                style = {"color": STATUS_COLOURS[label]} if label in STATUS_COLOURS else {}
                prefix, _, quantile = label.rpartition(" ")
                if prefix and quantile in ("p50", "p95", "p99"):
                    # One colour per phase; its p99 dashed.
                    style["color"] = colours.setdefault(prefix, cycle[len(colours) % len(cycle)])
                    style["linestyle"] = "--" if quantile == "p99" else "-"
                elif label == "p99":
                    style["linestyle"] = "--"
                ax.plot([(t - t0) / 60 for t, _ in points], [v for _, v in points], label=label,
                        linewidth=1.4, **style)
                drawn = True
        if drawn:
            ax.legend(fontsize=8, loc="upper left")
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes, color="grey")
        ax.set_xlabel("minutes")
        if unit:
            ax.set_ylabel(unit)
        ax.grid(alpha=0.2)

    def names(groups, fmt):
        return {fmt(g): pts for g, pts in groups.items()}

    draw(axes[0][0], "Jobs finished per second, by status",
         names(rates_by(s, "chartbox_jobs_finished_total", ["status"], window), lambda g: g[0]), "jobs/s")
    submitted = rates_by(s, "chartbox_jobs_submitted_total", [], window)
    rejected = rates_by(s, "chartbox_requests_rejected_total", ["reason"], window)
    draw(axes[0][1], "Jobs submitted and rejected per second",
         {**names(submitted, lambda g: "submitted"), **names(rejected, lambda g: f"rejected: {g[0]}")}, "req/s")
    errors = rates_by(s, "chartbox_jobs_finished_total", [], window, status="INTERNAL_ERROR")
    dead = rates_by(s, "chartbox_jobs_dead_lettered_total", ["reason"], window)
    draw(axes[0][2], "Errors and dead letters per second",
         {**names(errors, lambda g: "internal errors"), **names(dead, lambda g: f"dead-lettered: {g[0]}")}, "jobs/s")
    draw(axes[1][0], "End-to-end job duration",
         names(quantiles_by(s, "chartbox_job_duration_seconds", [], window), lambda g: f"p{int(g[1] * 100)}"), "s")
    draw(axes[1][1], "Latency by phase (p50 / p99)",
         names(quantiles_by(s, "chartbox_job_phase_seconds", ["phase"], window, qs=(0.5, 0.99)),
               lambda g: f"{g[0][0]} p{int(g[1] * 100)}"), "s")
    # sum by (pod) (max by (pod, partition) (...)): each partition is reported under two topic spellings.
    lag = defaultdict(lambda: defaultdict(float))
    for (pod, _), points in gauges_by(s, "kafka_consumer_fetch_manager_records_lag_max", ["pod", "partition"],
                                      application="chartbox-worker").items():
        for t, v in points:
            lag[pod][t] += v
    draw(axes[1][2], "Consumer lag (jobs waiting), per worker",
         {pod: sorted(by_time.items()) for pod, by_time in lag.items()}, "records")
    draw(axes[2][0], "Sandboxes active, per worker",
         names(gauges_by(s, "chartbox_sandboxes_active", ["pod"], agg=sum), lambda g: g[0]), "sandboxes")
    draw(axes[2][1], "Heap used, per pod",
         names(gauges_by(s, "jvm_memory_used_bytes", ["pod"], agg=sum, scale=2**-20, area="heap"),
               lambda g: g[0]), "MiB")
    draw(axes[2][2], "GC pause time per second, per pod",
         names(rates_by(s, "jvm_gc_pause_seconds_sum", ["pod"], window), lambda g: g[0]), "s/s")
    fig.savefig(png, dpi=80)
    print(f"wrote {png}")


def missing_names(folder, metrics_file):
    """Names in metrics.txt (the dashboard's and alerts' vocabulary) that no scrape in folder holds."""
    scraped = {name for name, _ in Scrapes(folder).series}
    missing = []
    for line in pathlib.Path(metrics_file).read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if not name or name in ("up", "kafka_consumergroup_lag"):  # Prometheus' own; a kafka-exporter's
            continue
        forms = {name} | {name + suffix for suffix in ("_bucket", "_sum", "_count", "_max")}
        if not forms & scraped:
            missing.append(name)
    return missing


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    sc = sub.add_parser("scrape", help="scrape URLs every INTERVAL seconds, COUNT times")
    sc.add_argument("--out", required=True)
    sc.add_argument("--interval", type=float, default=5)
    sc.add_argument("--count", type=int, default=120)
    sc.add_argument("urls", nargs="+")
    rd = sub.add_parser("render", help="draw the panels from a folder of scrapes")
    rd.add_argument("folder")
    rd.add_argument("png")
    rd.add_argument("--window", type=float, default=60, help="rate window, seconds (like [1m])")
    ms = sub.add_parser("missing", help="list the metrics.txt names that the scrapes lack (exit 1 if any)")
    ms.add_argument("folder")
    ms.add_argument("--metrics", default=str(pathlib.Path(__file__).with_name("metrics.txt")))
    args = p.parse_args(argv)
    if args.command == "scrape":
        scrape(args.urls, args.out, args.interval, args.count)
    elif args.command == "missing":
        missing = missing_names(args.folder, args.metrics)
        for name in missing:
            print(name)
        sys.exit(1 if missing else 0)
    else:
        render(args.folder, args.png, args.window)


if __name__ == "__main__":
    main(sys.argv[1:])
