"""Prints, per program of the corpus and charts/, the chart types we and E2B's extractor give,
and the size of our chart data: the table in docs/notes/chart-data.md.

    ~/.cache/chartbox/chart-data-venv/bin/python sandbox/src/test/python/report.py
"""

import json
import sys
import tempfile
import time
import warnings

sys.path.insert(0, __file__.rsplit("/", 1)[0])

import conftest  # noqa: E402,F401  (puts the guest modules on the path)
import chart_data  # noqa: E402
from e2b_charts import chart_figure_to_chart  # noqa: E402
from programs import chart_programs, figures_of  # noqa: E402


def kinds(chart):
    if not chart:
        return "-"
    if chart["type"] == "superchart":
        return "super(" + ",".join(c["type"] for c in chart["elements"]) + ")"
    return chart["type"]


print("| program | figures | ours | E2B | our JSON bytes | our extract ms |")
print("|---|---|---|---|---|---|")
for program in chart_programs():
    with tempfile.TemporaryDirectory() as workdir:
        figures = figures_of(program, workdir)
        rows = []
        for figure in figures:
            start = time.perf_counter()
            ours = chart_data.figure_chart(figure)
            elapsed = (time.perf_counter() - start) * 1000
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                chart = chart_figure_to_chart(figure)
                theirs = json.loads(json.dumps(chart.model_dump(), default=float)) if chart else None
            rows.append((kinds(ours), kinds(theirs), len(json.dumps(ours, allow_nan=False)), elapsed))
        name = f"{program.parent.name}/{program.name}"
        if not rows:
            print(f"| {name} | 0 | | | | |")
        for ours, theirs, size, ms in rows:
            print(f"| {name} | {len(figures)} | {ours} | {theirs} | {size} | {ms:.1f} |")
