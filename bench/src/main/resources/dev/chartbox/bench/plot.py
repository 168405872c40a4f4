"""Draws chartbox's time over each other engine's, per program, from the benchmark's JSON.

usage: python plot.py RESULTS.json RATIOS.png   (run with the benchmark venv's matplotlib)
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(src, dest):
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    programs = [p for p in doc["programs"] if p["ratios"]]
    keys = sorted({k for p in programs for k in p["ratios"]})
    if not programs or not keys:
        print("plot.py: no ratios to draw (chartbox and another engine must both run)", file=sys.stderr)
        return
    names = [p["name"] for p in programs] + ["geometric mean"]
    width = 0.8 / len(keys)
    fig, ax = plt.subplots(figsize=(max(8, 0.7 * len(names) * len(keys) / 2 + 4), 5))
    for i, key in enumerate(keys):
        values = [p["ratios"].get(key, float("nan")) for p in programs] + [doc["geometric_mean_ratios"].get(key, float("nan"))]
        xs = [j + (i - (len(keys) - 1) / 2) * width for j in range(len(names))]
        ax.bar(xs, values, width=width, label=key.replace("chartbox/", "chartbox / "))
    ax.set_yscale("log")
    ax.axhline(1, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_ylabel("chartbox time / engine time (log scale; 1 = equal)")
    ax.set_title(f"chartbox on Chicory vs. other engines, median of {doc['options']['repeat']} runs")
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(dest, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
