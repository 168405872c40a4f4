"""Draws chartbox's time over each other engine's, per program, from the benchmark's JSON.

usage: python plot.py RESULTS.json RATIOS.png   (run with the benchmark venv's matplotlib)
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def panel(ax, doc, field, geo_field, title):
    programs = [p for p in doc["programs"] if p.get(field)]
    keys = sorted({k for p in programs for k in p[field]})
    if not keys:
        return False
    names = [p["name"] for p in programs] + ["geometric mean"]
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        values = [p[field].get(key, float("nan")) for p in programs] + [doc[geo_field].get(key, float("nan"))]
        xs = [j + (i - (len(keys) - 1) / 2) * width for j in range(len(names))]
        ax.bar(xs, values, width=width, label=key.replace("chartbox/", "chartbox / "))
    ax.set_yscale("log")
    ax.axhline(1, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("chartbox / engine (log; 1 = equal)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(axis="y", which="both", alpha=0.3)
    return True


def main(src, dest):
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 0.45 * len(doc["programs"]) + 5), 9))
    reps = doc["options"]["repeat"]
    drawn = panel(axes[0], doc, "ratios", "geometric_mean_ratios", f"Wall time per run (median of {reps})")
    drawn |= panel(axes[1], doc, "program_time_ratios", "geometric_mean_program_time_ratios",
                   "The program's own time inside the guest (time.perf_counter)")
    if not drawn:
        print("plot.py: no ratios to draw (chartbox and another engine must both run)", file=sys.stderr)
        return
    fig.suptitle("chartbox on Chicory vs. wasmtime and native CPython, same programs")
    fig.tight_layout()
    fig.savefig(dest, dpi=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
