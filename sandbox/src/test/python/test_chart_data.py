"""chart_data on figures built here: what it reads, what it caps, and that its output always fits
the JSON Schema in schemas/ and serialises as strict JSON."""

import json
import pathlib

import jsonschema
import matplotlib.pyplot as plt
import numpy as np
import pytest

import chart_data

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[4] /
                     "schemas/src/main/resources/chartbox/schemas/chart-data.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)  # test_matches_e2b uses it on the corpus too


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def only_chart(figure):
    charts = chart_data.extract(figure)
    assert len(charts) == 1
    return charts[0]


def valid(chart):
    VALIDATOR.validate(chart)
    json.dumps(chart, allow_nan=False)
    return chart


def test_a_histogram_gives_numpys_bins_and_counts():
    data = np.random.default_rng(0).normal(size=500)
    counts, edges = np.histogram(data, bins=12)
    fig, ax = plt.subplots()
    ax.hist(data, bins=12)
    chart = valid(only_chart(fig))
    assert chart["type"] == "histogram"
    assert [b["value"] for b in chart["elements"]] == counts.tolist()
    assert [b["start"] for b in chart["elements"]] == pytest.approx(edges[:-1].tolist())
    assert [b["end"] for b in chart["elements"]] == pytest.approx(edges[1:].tolist())


def test_bars_on_numeric_positions_are_a_bar_chart_not_a_histogram():
    fig, ax = plt.subplots()
    ax.bar([1, 2, 3], [4, 5, 6])
    chart = valid(only_chart(fig))
    assert chart["type"] == "bar"
    assert [(b["label"], b["value"]) for b in chart["elements"]] == [("1.0", 4), ("2.0", 5), ("3.0", 6)]


def test_vertical_bars_of_equal_height_stay_vertical():
    fig, ax = plt.subplots()
    ax.bar(["a", "b", "c"], [2, 2, 2])
    chart = valid(only_chart(fig))
    assert chart["orientation"] == "vertical"
    assert [b["label"] for b in chart["elements"]] == ["a", "b", "c"]


def test_stacked_bars_say_where_they_start():
    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2], label="low")
    ax.bar(["a", "b"], [3, 4], bottom=[1, 2], label="high")
    chart = valid(only_chart(fig))
    assert [(b["group"], b["label"], b["value"], b.get("base")) for b in chart["elements"]] == [
        ("low", "a", 1, None), ("low", "b", 2, None), ("high", "a", 3, 1), ("high", "b", 4, 2)]


def test_a_box_plot_without_patch_artist_gives_its_statistics():
    data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 40]
    q1, median, q3 = np.percentile(data, [25, 50, 75])
    fig, ax = plt.subplots()
    ax.boxplot([data], tick_labels=["only"])
    chart = valid(only_chart(fig))
    assert chart["type"] == "box_and_whisker"
    [box] = chart["elements"]
    assert (box["label"], box["first_quartile"], box["median"], box["third_quartile"]) == ("only", q1, median, q3)
    assert (box["min"], box["max"], box["outliers"]) == (1, 9, [40])


def test_a_scatter_with_more_points_than_the_cap_is_cut_and_says_so():
    fig, ax = plt.subplots()
    ax.scatter(np.arange(chart_data.MAX_POINTS + 10), np.zeros(chart_data.MAX_POINTS + 10))
    chart = valid(only_chart(fig))
    [series] = chart["elements"]
    assert len(series["points"]) == chart_data.MAX_POINTS
    assert series["point_count"] == chart_data.MAX_POINTS + 10
    assert chart["truncated"] is True


def test_many_lines_share_one_budget_of_points():
    fig, ax = plt.subplots()
    for i in range(10):
        ax.plot(np.arange(chart_data.MAX_POINTS), np.full(chart_data.MAX_POINTS, i))
    chart = valid(only_chart(fig))
    assert sum(len(s["points"]) for s in chart["elements"]) == chart_data.MAX_TOTAL_POINTS
    assert len(chart["elements"]) == 10 and chart["truncated"]


def test_a_figure_with_more_bars_than_the_cap_and_a_huge_title_stays_small(monkeypatch):
    monkeypatch.setattr(chart_data, "MAX_ELEMENTS", 50)  # matplotlib takes seconds to draw 500 bars
    fig, ax = plt.subplots()
    ax.bar(np.arange(80) * 2.0, np.ones(80))
    ax.set_title("x" * 100_000)
    chart = valid(only_chart(fig))
    assert len(chart["elements"]) == chart_data.MAX_ELEMENTS
    assert len(chart["title"]) == chart_data.MAX_STRING
    assert len(chart["x_ticks"]) <= chart_data.MAX_TICKS
    assert len(json.dumps(chart)) < 200_000


def test_nan_and_infinity_become_null():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1.0, float("nan"), float("inf")])
    chart = valid(only_chart(fig))
    assert chart["elements"][0]["points"] == [[0, 1.0], [1, None], [2, None]]


def test_dates_come_back_as_iso_strings_on_a_datetime_scale():
    fig, ax = plt.subplots()
    ax.plot(np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]"), [1, 2])
    chart = valid(only_chart(fig))
    assert chart["x_scale"] == "datetime"
    assert chart["elements"][0]["points"][0][0].startswith("2024-01-01")
    assert all(isinstance(t, str) for t in chart["x_ticks"])


def test_a_log_axis_reports_its_scale():
    fig, ax = plt.subplots()
    ax.plot([1, 10, 100], [1, 2, 3])
    ax.set_xscale("log")
    assert valid(only_chart(fig))["x_scale"] == "log"


def test_an_image_is_an_unknown_chart_with_its_labels():
    fig, ax = plt.subplots()
    ax.imshow(np.eye(3))
    ax.set_title("identity")
    chart = valid(only_chart(fig))
    assert (chart["type"], chart["title"], chart["elements"]) == ("unknown", "identity", [])


def test_an_axes_that_cannot_be_read_is_unknown_and_the_others_still_come_back():
    fig, (good, bad) = plt.subplots(1, 2)
    good.bar(["a"], [1])
    bad.plot([1, 2], [3, 4])

    class Hostile(str):
        def __str__(self):
            raise RuntimeError("no")
    bad.lines[0].get_label = lambda: Hostile("x")
    bad.lines[0].get_xdata = lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no"))
    charts = chart_data.extract(fig)
    assert [c["type"] for c in charts] == ["bar", "unknown"]
    assert charts[1]["error"] == "RuntimeError"
    for chart in charts:
        valid(chart)


def test_a_blank_figure_has_no_chart_data():
    fig = plt.figure()
    fig.add_subplot()
    assert chart_data.figure_chart(fig) is None


def test_a_figure_with_more_axes_than_the_cap_keeps_the_first(monkeypatch):
    monkeypatch.setattr(chart_data, "MAX_AXES", 3)
    fig, axes = plt.subplots(2, 2)
    for ax in axes.flat:
        ax.plot([0, 1], [0, 2])
    chart = valid(chart_data.figure_chart(fig))
    assert len(chart["elements"]) == chart_data.MAX_AXES and chart["truncated"]
