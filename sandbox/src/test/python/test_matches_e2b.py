"""Our chart data against E2B's extractor (PyPI e2b-charts) on the same figures, field by field.

Our output must also fit schemas/.../chart-data.schema.json. Every difference must be one that docs/notes/chart-data.md lists; each accepted difference is
checked for what we give instead, so a regression on either side fails here.
"""

import json
import math
import warnings

import pytest
from e2b_charts import chart_figure_to_chart

import chart_data
from programs import chart_programs, figures_of
from test_chart_data import valid

LABELS = ("title", "x_label", "y_label", "x_unit", "y_unit")


def pairs():
    return [pytest.param(p, id=f"{p.parent.name}/{p.name}",
                         marks=[pytest.mark.xfail(strict=True, reason=E2B_WRONG[p.name])] if p.name in E2B_WRONG else [])
            for p in chart_programs()]


# Programs on which E2B's extractor is wrong, so ours cannot match it (docs/notes/chart-data.md).
# Strict: the test fails if they ever match.
E2B_WRONG = {
    "seaborn_categorical.py": "seaborn's hue bars: E2B gives each bar's width (0.8) as its value and its index "
                              "in its hue group as its label; we give the mean and the x category",
}


@pytest.mark.parametrize("program", pairs())
def test_chart_data_fits_the_schema_and_matches_e2b_on_every_figure_the_program_makes(program, tmp_path):
    for figure in figures_of(program, tmp_path):
        ours = chart_data.figure_chart(figure)
        if ours is not None:
            valid(ours)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e2b-charts' pydantic complains about numpy ints
            chart = chart_figure_to_chart(figure)
            theirs = json.loads(json.dumps(chart.model_dump(), default=float)) if chart else None
        if theirs is None:
            assert ours is None
            continue
        if theirs["type"] == "superchart":
            assert ours["type"] == "superchart"
            assert ours["title"] == (theirs["title"] or None)
            assert len(ours["elements"]) == len(theirs["elements"])
            for our_chart, their_chart in zip(ours["elements"], theirs["elements"]):
                compare_chart(our_chart, their_chart)
        else:
            compare_chart(ours, theirs)


def compare_chart(ours, theirs):
    kind = theirs["type"]
    if kind == "bar" and ours["type"] == "histogram":
        # E2B has no histogram: it calls ax.hist's bins bars, labels them with the tick labels of
        # the same index and stops when the tick labels run out. We give every bin with its edges.
        counts = [b["value"] for b in ours["elements"]]
        assert counts[:len(theirs["elements"])] == [b["value"] for b in theirs["elements"]]
        return
    if kind == "line" and ours["type"] == "box_and_whisker":
        # A box plot without patch_artist is only lines; E2B reports its rectangles as lines.
        assert ours["elements"] and all(b["median"] is not None for b in ours["elements"])
        return
    if kind == "unknown" and ours["type"] == "box_and_whisker" and not theirs["elements"]:
        # seaborn draws its boxes as PathPatches, which E2B does not recognise; we read the boxes
        # from the axes' lines and patches, so a seaborn box plot has its statistics.
        assert ours["elements"] and all(b["median"] is not None for b in ours["elements"])
        return
    if kind == "unknown" and ours["type"] == "line":
        # E2B keeps a twin axes' grid-free Line2D-only check; a line chart is never unknown for us.
        assert ours["elements"]
        return
    assert ours["type"] == kind
    for field in LABELS:
        if field in theirs:
            assert ours[field] == theirs[field], field
    compare = {"bar": compare_bars, "pie": compare_pie, "line": compare_points,
               "scatter": compare_points, "box_and_whisker": compare_boxes}.get(kind)
    if compare:
        compare(ours, theirs)
    if "x_scale" in theirs:
        compare_ticks(ours, theirs)


def compare_bars(ours, theirs):
    assert [(b["group"], b["label"]) for b in ours["elements"]] == \
        [(b["group"], b["label"]) for b in theirs["elements"]]
    assert [b["value"] for b in ours["elements"]] == pytest.approx([b["value"] for b in theirs["elements"]])


def compare_pie(ours, theirs):
    assert [(w["label"], w["angle"], w["radius"]) for w in ours["elements"]] == \
        [(w["label"], w["angle"], w["radius"]) for w in theirs["elements"]]


def compare_points(ours, theirs):
    assert [s["label"] for s in ours["elements"]] == [s["label"] for s in theirs["elements"]]
    for mine, other in zip(ours["elements"], theirs["elements"]):
        assert mine["point_count"] == len(other["points"])
        expected = [[same(v) for v in point] for point in other["points"][:len(mine["points"])]]
        assert [[same(v) for v in point] for point in mine["points"]] == expected
        if len(mine["points"]) < len(other["points"]):
            assert ours["truncated"]


def compare_boxes(ours, theirs):
    assert len(ours["elements"]) == len(theirs["elements"])
    for mine, other in zip(ours["elements"], theirs["elements"]):
        assert mine["label"] == other["label"]
        for field in ("min", "first_quartile", "median", "third_quartile", "max"):
            assert mine[field] == pytest.approx(other[field], rel=1e-6), field
        # E2B only finds outliers drawn one per line; ax.boxplot draws each box's in one line.
        assert set(other["outliers"]) <= set(mine["outliers"])


def compare_ticks(ours, theirs):
    """We list the ticks matplotlib draws; E2B also lists the locator's ticks outside the view."""
    for axis in ("x", "y"):
        mine = list(zip(ours[f"{axis}_ticks"], ours[f"{axis}_tick_labels"]))
        other = list(zip([same(t) for t in theirs[f"{axis}_ticks"]], theirs[f"{axis}_tick_labels"]))
        if not theirs[f"{axis}_tick_labels"]:  # hidden labels: none for E2B, "" for us
            other = [(same(t), "") for t in theirs[f"{axis}_ticks"]]
        assert all((same(t), label) in other for t, label in mine), axis
        assert ours[f"{axis}_scale"] == theirs[f"{axis}_scale"], axis


def same(value):
    """A coordinate as both sides can agree on it: numbers as floats (NaN as None), else text."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _no_ticks(ax):
    ax.plot([1, 2], [3, 4])
    ax.set_xticks([])


def _box_without_caps(ax):
    ax.boxplot([[1, 2, 3, 4, 5]], patch_artist=True, showcaps=False)


def _period_index(ax):
    import pandas as pd
    pd.Series([1, 2, 3], index=pd.period_range("2024-01", periods=3, freq="M")).plot(ax=ax)


@pytest.mark.parametrize("draw", [_no_ticks, _box_without_caps, _period_index], ids=lambda f: f.__name__[1:])
def test_figures_on_which_e2b_raises_still_give_chart_data(draw):
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    try:
        draw(ax)
        with warnings.catch_warnings(), pytest.raises(Exception):
            warnings.simplefilter("ignore")
            chart_figure_to_chart(fig)
        chart = valid(chart_data.figure_chart(fig))
        assert chart["type"] in ("line", "box_and_whisker") and chart["elements"]
    finally:
        plt.close(fig)
