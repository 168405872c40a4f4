# The worker's warm-up (ChicorySandbox.warmUp): plain Python, no libraries, as a program makes and
# reshapes its data before it plots: records built in loops, grouped, binned, smoothed, labelled,
# parsed and written as json. The interpreter's own paths (float and int arithmetic, attributes,
# calls, generators, dicts, strings, exceptions, recursion), which the warm-up charts do not run hot.
import json
import math
import random

random.seed(11)
REGIONS = ("north", "south", "east", "west", "centre")


class Reading:
    __slots__ = ("region", "day", "value", "weight")

    def __init__(self, region, day, value, weight=1.0):
        self.region, self.day, self.value, self.weight = region, day, value, weight

    @property
    def weighted(self):
        return self.value * self.weight

    def __lt__(self, other):
        return (self.day, self.value) < (other.day, other.value)


class Anomaly(Reading):
    __slots__ = ("reason",)

    def __init__(self, region, day, value, reason):
        super().__init__(region, day, value, 0.5)
        self.reason = reason


readings = []
for day in range(365):
    season = math.sin(2 * math.pi * day / 365)
    for region in REGIONS:
        value = 20 + 8 * season + random.gauss(0, 2) + (len(region) % 3)
        if value > 33:
            readings.append(Anomaly(region, day, value, f"high on day {day}"))
        else:
            readings.append(Reading(region, day, value, 1.0 + (day % 7) / 10))

by_region = {}
for r in readings:
    stats = by_region.setdefault(r.region, {"n": 0, "sum": 0.0, "min": math.inf, "max": -math.inf})
    stats["n"] += 1
    stats["sum"] += r.weighted
    stats["min"] = min(stats["min"], r.value)
    stats["max"] = max(stats["max"], r.value)
means = {region: s["sum"] / s["n"] for region, s in sorted(by_region.items(), key=lambda kv: -kv[1]["sum"])}

width = 1.5
bins = {}
for r in readings:
    key = int(r.value // width)
    bins[key] = bins.get(key, 0) + 1
edges = [k * width for k in sorted(bins)]


def windows(values, size):
    total = sum(values[:size])
    yield total / size
    for i in range(size, len(values)):
        total += values[i] - values[i - size]
        yield total / size


north = [r.value for r in sorted(readings) if r.region == "north"]
smooth = list(windows(north, 14))
i, crossings = 1, 0
while i < len(smooth):
    if (smooth[i - 1] - 20) * (smooth[i] - 20) < 0:
        crossings += 1
    i += 1
table = [[round(v, 2) for v in row] for row in zip(*[smooth[k:k + 50] for k in range(0, 250, 50)])]
checksum = 0
for n in range(1, 20000):
    checksum = (checksum * 31 + (n ^ (n >> 3))) % 1_000_003


def flatten(tree, prefix=""):
    for name, child in tree.items():
        path = f"{prefix}/{name}" if prefix else name
        if isinstance(child, dict):
            yield from flatten(child, path)
        else:
            yield path, child


tree = {region: {"stats": {k: round(v, 3) for k, v in s.items()}, "mean": round(means[region], 3)}
        for region, s in by_region.items()}
flat = dict(flatten(tree))
csv = "\n".join(f"{r.region},{r.day:03d},{r.value:.2f}" for r in readings[:600]) + "\nbad,line,x\n,,"
parsed, skipped = [], 0
for line in csv.strip().splitlines():
    region, day, value = line.split(",")
    try:
        parsed.append((region.strip().title(), int(day), float(value)))
    except ValueError:
        skipped += 1
labels = sorted({f"{region} ({len(region)})".upper() for region, _, _ in parsed})
document = json.dumps({"means": means, "edges": edges, "flat": flat, "table": table, "labels": labels}, sort_keys=True)
assert json.loads(document)["labels"] == labels
anomalies = [r.reason for r in readings if isinstance(r, Anomaly)]
print(len(document), skipped, crossings, checksum, len(anomalies), f"{sum(means.values()):.3f}")
