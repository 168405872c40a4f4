"""Structured chart data: what a matplotlib figure shows, read from matplotlib's own objects.

extract(figure) returns one dict per axes (chart type, title, axis labels, scales, ticks and the
plotted elements with their values); figure_chart(figure) wraps them in E2B's top-level shape (one
chart, or a "superchart" holding several). The field names follow E2B's extractor (PyPI
e2b-charts) so clients built for it work; docs/notes/chart-data.md lists where and why we differ.

Nothing is rendered and nothing raises: an axes that cannot be read becomes an "unknown" chart.
Every list and string is capped (the program that made the figure may be hostile), and a chart
whose data was cut says so with "truncated": true.
"""

import datetime
import decimal
import math
import re

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle, Wedge
from matplotlib.text import Text

MAX_AXES = 32          # charts per figure
MAX_ELEMENTS = 500     # bars, wedges, boxes, series or histogram bins per chart
MAX_POINTS = 1000      # points per line or scatter series
MAX_TOTAL_POINTS = 5000  # points per chart, all series together
MAX_TICKS = 100        # ticks per axis
MAX_OUTLIERS = 100     # outliers per box
MAX_STRING = 200       # characters per title, label or tick label

_UNIT = re.compile(r"\s\((.*?)\)|\[(.*?)\]")


class _Budget:
    """What one chart may still hold, whether anything was cut, and the ticks already read
    (computing ticks is most of the cost, and bar and box charts need the category axis twice)."""

    def __init__(self):
        self.points = MAX_TOTAL_POINTS
        self.truncated = False
        self._ticks = {}

    def take(self, items, limit):
        """The first `limit` items of a list; notes the cut."""
        if len(items) > limit:
            self.truncated = True
            return list(items[:limit])
        return list(items)

    def ticks(self, axis):
        if id(axis) not in self._ticks:
            self._ticks[id(axis)] = _tick_pairs(axis)
        return self._ticks[id(axis)]


def extract(figure):
    """One chart dict per axes of the figure, in the figure's order (at most MAX_AXES)."""
    charts = []
    axes = list(figure.get_axes())
    for ax in axes[:MAX_AXES]:
        charts.append(_chart(ax))
    return charts


def figure_chart(figure):
    """E2B's top-level shape: None for a blank figure, one chart, or a superchart of several."""
    axes = figure.get_axes()
    if not axes or not any(_safe(ax.has_data, False) for ax in axes):
        return None
    charts = extract(figure)
    if len(charts) == 1:
        return charts[0]
    title = _text(_safe(figure.get_suptitle, "")) or None
    return {"type": "superchart", "title": title, "elements": charts,
            "truncated": len(axes) > MAX_AXES}


def _chart(ax):
    budget = _Budget()
    try:
        kind = chart_type(ax)
        chart = {"type": kind, "title": _text(ax.get_title()) or None}
        if kind == "pie":
            chart["elements"] = _pie(ax, budget)
        else:
            orientation = None
            if kind in ("bar", "histogram"):
                chart["elements"], orientation = _bars(ax, kind, budget)
            elif kind == "box_and_whisker":
                chart["elements"], orientation = _boxes(ax, budget)
            elif kind in ("line", "scatter"):
                chart["elements"] = _series(ax, kind, budget)
            else:
                chart["elements"] = []
            chart.update(_axes_info(ax, orientation, budget))
            if orientation:
                chart["orientation"] = orientation
    except Exception as e:  # a hostile or exotic axes must not cost the other charts
        chart = {"type": "unknown", "title": _text(_safe(ax.get_title, "")) or None, "elements": [],
                 "error": _text(type(e).__name__)}
    chart["truncated"] = budget.truncated
    return chart


# ---------------------------------------------------------------- chart type

def chart_type(ax):
    """bar, histogram, line, scatter, pie, box_and_whisker or unknown, from the axes' artists.

    Reference lines (axhline, axvline, grid-like two-point lines) and texts never decide the type.
    """
    artists = [c for c in getattr(ax, "_children", ()) if not isinstance(c, Text)]
    if not artists:
        return "unknown"
    if _box_rectangles(ax):
        return "box_and_whisker"
    data = [a for a in artists if not (isinstance(a, Line2D) and _is_reference_line(a))]
    if not data:
        return "line"
    if all(isinstance(a, Wedge) for a in data):
        return "pie"
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if bars and all(isinstance(a, Rectangle) for a in data):
        return "histogram" if _looks_like_histogram(ax, bars) else "bar"
    if all(isinstance(a, Line2D) for a in data):
        return "line"
    if all(isinstance(a, PathCollection) for a in data):
        return "scatter"
    return "unknown"


def _is_reference_line(line):
    x, y = line.get_xdata(orig=False), line.get_ydata(orig=False)
    if len(x) != 2 or len(y) != 2:
        return False
    return x[0] == x[1] or y[0] == y[1]


def _looks_like_histogram(ax, containers):
    """Every container's bars touch their neighbours on a numeric axis: ax.hist's bins."""
    for container in containers:
        vertical = _orientation(container) == "vertical"
        if _categories(ax.xaxis if vertical else ax.yaxis):
            return False
        spans = sorted((r.get_x(), r.get_x() + r.get_width()) if vertical
                       else (r.get_y(), r.get_y() + r.get_height()) for r in container)
        if len(spans) < 2:
            return False
        for (_, end), (start, _) in zip(spans, spans[1:]):
            if not math.isclose(end, start, rel_tol=1e-9, abs_tol=1e-12 * max(1.0, abs(end))):
                return False
    return True


# ---------------------------------------------------------------- bars and histograms

def _orientation(container):
    orientation = getattr(container, "orientation", None)
    if orientation in ("vertical", "horizontal"):
        return orientation
    heights = [r.get_height() for r in container]
    return "horizontal" if heights and all(h == heights[0] for h in heights) else "vertical"


def _bars(ax, kind, budget):
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    orientation = _orientation(containers[0]) if containers else "vertical"
    category_axis = ax.xaxis if orientation == "vertical" else ax.yaxis
    ticks = budget.ticks(category_axis)
    categories = _categories(category_axis)
    elements = []
    for number, container in enumerate(containers):
        group = _text(container.get_label())
        if group.startswith("_container") or not group or group.startswith("_"):
            group = f"Group {number}"
        for rect in container:
            if len(elements) >= MAX_ELEMENTS:
                budget.truncated = True
                return elements, orientation
            if orientation == "vertical":
                start, size, base, value = rect.get_x(), rect.get_width(), rect.get_y(), rect.get_height()
            else:
                start, size, base, value = rect.get_y(), rect.get_height(), rect.get_x(), rect.get_width()
            if kind == "histogram":
                elements.append({"group": group, "start": _number(start),
                                 "end": _number(start + size), "value": _number(value)})
            else:
                label = _bar_label(start + size / 2, size, categories, ticks)
                element = {"label": label, "group": group, "value": _number(value)}
                if base:
                    element["base"] = _number(base)  # stacked bars start on the one below
                elements.append(element)
    return elements, orientation


def _categories(axis):
    """{position: category} when the axis holds strings (ax.bar(["a", "b"], ...))."""
    mapping = getattr(getattr(axis, "units", None), "_mapping", None)
    if not mapping:
        return {}
    return {float(v): _text(k) for k, v in list(mapping.items())[:MAX_ELEMENTS * 4]}


def _bar_label(center, size, categories, ticks):
    """The category or tick label under the bar's centre (or its nearest tick within one width)."""
    if categories:
        position = round(center)
        if abs(center - position) <= abs(size) / 2 + 1e-9 and float(position) in categories:
            return categories[float(position)]
    best = None
    for loc, label in ticks:
        distance = abs(loc - center)
        if distance <= abs(size) + 1e-9 and (best is None or distance < best[0]):
            best = (distance, label)
    if best is not None and best[1]:
        return best[1]
    return _text(_format_number(center))


# ---------------------------------------------------------------- lines and scatter

def _series(ax, kind, budget):
    elements = []
    if kind == "line":
        sources = [line for line in ax.get_lines() if not _is_reference_line(line)]
    else:
        sources = [c for c in ax.collections if isinstance(c, PathCollection)]
    for number, artist in enumerate(sources):
        if len(elements) >= MAX_ELEMENTS:
            budget.truncated = True
            break
        label = _text(artist.get_label())
        if label.startswith("_child"):
            label = f"Line {label[6:]}" if kind == "line" else label
        if kind == "line":
            xs, ys = artist.get_xdata(), artist.get_ydata()
            count = min(len(xs), len(ys))
        else:
            offsets = artist.get_offsets()
            xs, ys = offsets[:, 0] if len(offsets) else [], offsets[:, 1] if len(offsets) else []
            count = len(offsets)
        limit = min(MAX_POINTS, budget.points)
        if count > limit:
            budget.truncated = True
        take = min(count, limit)
        budget.points -= take
        points = [[_value(xs[i]), _value(ys[i])] for i in range(take)]
        elements.append({"label": label, "points": points, "point_count": int(count)})
    return elements


# ---------------------------------------------------------------- pie

def _pie(ax, budget):
    wedges = budget.take([p for p in ax.patches if isinstance(p, Wedge)], MAX_ELEMENTS)
    total = sum(abs(w.theta2 - w.theta1) for w in wedges) or 1.0
    return [{"label": _text(w.get_label()),
             "angle": _number(_e2b_round(abs(float(w.theta2) - float(w.theta1)))),
             "radius": _number(w.r),
             "fraction": _number(abs(w.theta2 - w.theta1) / total)} for w in wedges]


# ---------------------------------------------------------------- box and whisker

def _rectangle(vertices):
    """(x0, x1, y0, y1) when the vertices trace a closed axis-aligned rectangle, else None."""
    v = np.asarray(vertices, dtype=float)
    if v.ndim != 2 or v.shape[1] != 2 or not 4 <= len(v) <= 6 or not np.all(np.isfinite(v)):
        return None
    xs, ys = np.unique(v[:, 0]), np.unique(v[:, 1])
    if len(xs) != 2 or len(ys) != 2:
        return None
    return float(xs[0]), float(xs[1]), float(ys[0]), float(ys[1])


def _box_rectangles(ax):
    """The boxes of ax.boxplot: rectangles (patches with patch_artist=True, else 5-point lines)
    each with a whisker line leaving its middle on both sides."""
    candidates = []
    for patch in ax.patches:
        if isinstance(patch, PathPatch) and not isinstance(patch, (Rectangle, Wedge)):
            r = _rectangle(patch.get_path().vertices)
            if r:
                candidates.append(r)
    for line in ax.get_lines():
        if len(line.get_xdata()) == 5:
            r = _rectangle(np.column_stack([line.get_xdata(orig=False), line.get_ydata(orig=False)]))
            if r:
                candidates.append(r)
    if not candidates:
        return []
    segments = _segments(ax)
    boxes = []
    for r in candidates[:MAX_ELEMENTS]:
        for orientation in ("vertical", "horizontal"):
            if _whiskers(r, orientation, segments):
                boxes.append((r, orientation))
                break
    return boxes if len(boxes) == len(candidates) else []


def _segments(ax):
    result = []
    for line in ax.get_lines()[:MAX_ELEMENTS * 8]:
        x, y = line.get_xdata(orig=False), line.get_ydata(orig=False)
        if len(x) == 2 and len(y) == 2:
            result.append((float(x[0]), float(y[0]), float(x[1]), float(y[1])))
    return result


def _whiskers(r, orientation, segments):
    """(low whisker end, high whisker end) of a box, or None when it has no whiskers."""
    x0, x1, y0, y1 = r if orientation == "vertical" else (r[2], r[3], r[0], r[1])
    middle = (x0 + x1) / 2
    low = high = None
    for sx0, sy0, sx1, sy1 in segments:
        if orientation == "horizontal":
            sx0, sy0, sx1, sy1 = sy0, sx0, sy1, sx1
        if not (math.isclose(sx0, middle, abs_tol=1e-9 * max(1, abs(middle))) and sx0 == sx1):
            continue
        lo, hi = min(sy0, sy1), max(sy0, sy1)
        if math.isclose(hi, y0) and lo <= y0:
            low = lo
        elif math.isclose(lo, y1) and hi >= y1:
            high = hi
    return (low, high) if low is not None and high is not None else None


def _boxes(ax, budget):
    boxes = _box_rectangles(ax)
    orientation = boxes[0][1] if boxes else "vertical"
    segments = _segments(ax)
    ticks = budget.ticks(ax.xaxis if orientation == "vertical" else ax.yaxis)
    markers = [line for line in ax.get_lines() if line.get_linestyle() in ("None", "none", " ", "")]
    elements = []
    for r, box_orientation in boxes:
        x0, x1, y0, y1 = r if box_orientation == "vertical" else (r[2], r[3], r[0], r[1])
        low, high = _whiskers(r, box_orientation, segments)
        median = None
        for sx0, sy0, sx1, sy1 in segments:
            if box_orientation == "horizontal":
                sx0, sy0, sx1, sy1 = sy0, sx0, sy1, sx1
            if sy0 == sy1 and y0 <= sy0 <= y1 and min(sx0, sx1) >= x0 - 1e-9 and max(sx0, sx1) <= x1 + 1e-9:
                median = sy0
        outliers = []
        for line in markers:
            pos, val = (line.get_xdata(orig=False), line.get_ydata(orig=False))
            if box_orientation == "horizontal":
                pos, val = val, pos
            for p, v in zip(pos[:MAX_OUTLIERS * 10], val[:MAX_OUTLIERS * 10]):
                if x0 - 1e-9 <= float(p) <= x1 + 1e-9 and (v < low or v > high):
                    outliers.append(_number(_e2b_round(v)))
        elements.append({
            "label": _bar_label((x0 + x1) / 2, x1 - x0, {}, ticks),
            "min": _number(_e2b_round(low)), "first_quartile": _number(_e2b_round(y0)),
            "median": _number(_e2b_round(median)) if median is not None else None,
            "third_quartile": _number(_e2b_round(y1)), "max": _number(_e2b_round(high)),
            "outliers": budget.take(outliers, MAX_OUTLIERS)})
    return elements, orientation


# ---------------------------------------------------------------- axes, ticks, scales

def _axes_info(ax, orientation, budget):
    """Labels, units, ticks and scales. For bar and box charts x is the category axis and y the
    value axis whatever the orientation (as E2B does); "orientation" says which way the bars go."""
    info = {}
    axes = (("x", ax.xaxis, ax.get_xlabel, ax.get_xscale), ("y", ax.yaxis, ax.get_ylabel, ax.get_yscale))
    if orientation == "horizontal":
        axes = (("x", ax.yaxis, ax.get_ylabel, ax.get_yscale), ("y", ax.xaxis, ax.get_xlabel, ax.get_xscale))
    for name, axis, get_label, get_scale in axes:
        label = _text(get_label()) or None
        unit = None
        if label:
            match = _UNIT.search(label)
            if match:
                unit = match.group(1) or match.group(2)
        pairs = budget.take(budget.ticks(axis), MAX_TICKS)
        dates = _is_date_axis(axis)
        info[f"{name}_label"] = label
        info[f"{name}_unit"] = unit
        info[f"{name}_ticks"] = [_date(loc) if dates else _number(loc) for loc, _ in pairs]
        info[f"{name}_tick_labels"] = [text for _, text in pairs]
        info[f"{name}_scale"] = _scale(axis, get_scale(), pairs, dates)
    return info


def _tick_pairs(axis):
    """(location, label) of the major ticks the axis would draw; "" for a hidden label (the
    inner axes of plt.subplots(sharex=True))."""
    try:
        ticks = axis._update_ticks()  # what drawing would show; the public getters can disagree
        return [(float(t.get_loc()), _tick_label(t)) for t in ticks[:MAX_TICKS * 4]]
    except Exception:
        locs = list(axis.get_majorticklocs())
        labels = [t.get_text() for t in axis.get_majorticklabels()]
        return [(float(loc), _text(label)) for loc, label in zip(locs, labels)]


def _tick_label(tick):
    """The label drawn for a tick: left or bottom, else right or top (a twinx axes), else ""."""
    for label in (tick.label1, tick.label2):
        if label.get_visible():
            return _text(label.get_text())
    return ""


def _is_date_axis(axis):
    from matplotlib import dates
    converter = axis.get_converter() if hasattr(axis, "get_converter") else axis.converter
    return isinstance(converter, (dates.DateConverter, dates.ConciseDateConverter,
                                  getattr(dates, "_SwitchableDateConverter", dates.DateConverter)))


def _scale(axis, scale, pairs, dates):
    if dates:
        return "datetime"
    if scale != "linear":
        return _text(scale)
    if _categories(axis):
        return "categorical"
    if pairs and all(loc == i and label != str(i) for i, (loc, label) in enumerate(pairs)):
        return "categorical"  # pandas' bar and line plots put categories at 0..n-1 by hand
    return "linear"


# ---------------------------------------------------------------- values

def _text(value):
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_STRING else text[:MAX_STRING - 1] + "…"


def _number(value):
    """A JSON number; None for NaN and infinities, which JSON cannot carry."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _value(value):
    """A point coordinate: a number, an ISO date for dates, else its text."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[s]"))
    if hasattr(value, "isoformat") and callable(value.isoformat):  # pandas Timestamp
        return _text(value.isoformat())
    if isinstance(value, (int, float, np.number)):
        return _number(value)
    return _text(value)  # strings (categories), pandas Periods and anything else


def _date(loc):
    from matplotlib import dates
    try:
        return dates.num2date(loc).isoformat()
    except Exception:
        return _number(loc)


def _e2b_round(value):
    """E2B's dynamic rounding of box and pie values (8 - exponent significant digits), which hides
    float noise such as 97.19999999999999 and keeps our values equal to theirs."""
    if value is None or not math.isfinite(float(value)):
        return value
    number = decimal.Decimal(str(float(value)))
    with decimal.localcontext() as context:
        context.prec = max(1, 8 - number.adjusted())
        return float(+number)


def _format_number(value):
    return f"{value:g}"


def _safe(call, default):
    try:
        return call()
    except Exception:
        return default
