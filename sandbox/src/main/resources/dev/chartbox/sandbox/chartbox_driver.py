"""chartbox's guest-side driver: the module `_chartbox` inside the sandbox.

It is loaded once, when the snapshot is made (see snapshot_prelude.py); each job then calls
`_chartbox.run_job()` in a fresh copy of that snapshot. It runs the user's main.py as
`python main.py` would, renders figures the program left open, and writes how the run ended
into CONTROL_DIR for the host to read: one small text file per fact, so the host needs no JSON.
"""

import builtins
import contextlib
import errno
import importlib.metadata
import io
import json
import os
import random
import re
import sys
import tempfile
import time
import traceback
import warnings

import matplotlib
import matplotlib.artist
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy

import _chartbox_chart_data as chart_data  # loaded beside this module by snapshot_prelude.py
import _chartbox_display_value as display_value

WORK_DIR = "/work"
CONTROL_DIR = "/.chartbox"
FIRST_FREE_DESCRIPTOR = 6  # after stdin, stdout, stderr and the three preopens
DESCRIPTOR_CEILING = 2048  # above the host's limit on descriptors open at once (1,024)
EXTENSIONS = {"png": "png", "svg": "svg", "pdf": "pdf", "jpeg": "jpg"}
IMAGE_SUFFIXES = (".png", ".svg", ".pdf", ".jpg", ".jpeg")
MAX_CHARTS = 256          # chart data read per run: the most image artifacts a run may have
CHART_TIME_RESERVE = 0.2  # share of the deadline left to the program: no chart data is read in it

_original_savefig = matplotlib.figure.Figure.savefig

# Chart data of the figures saved to image files during this run: path under WORK_DIR -> JSON text.
# A path saved twice keeps the chart of its last save, which is what the file shows.
_charts = {}
_deadline = [None]  # time.time() after which no chart data is read (from the host's deadline)


def _savefig(self, *args, **kwargs):
    """Figure.savefig that remembers the figure was saved, so it is not rendered again, and reads
    its chart data when it went to an image file (after the save: the figure is drawn then)."""
    self._chartbox_saved = True
    result = _original_savefig(self, *args, **kwargs)
    target = args[0] if args else kwargs.get("fname")
    if isinstance(target, (str, os.PathLike)):
        _saved(self, target)
    return result


def _saved(figure, target, chart=None):
    """Notes the image file `target` was saved from the figure, with its chart data (read now
    unless given)."""
    try:
        path = os.path.relpath(os.path.abspath(os.fsdecode(target)), WORK_DIR)
    except (TypeError, ValueError):
        return
    if path.startswith("..") or not path.lower().endswith(IMAGE_SUFFIXES):
        return
    files = figure.__dict__.setdefault("_chartbox_files", [])  # what a figure as the last value points at
    if path not in files:
        files.append(path)
    chart = chart or _chart_json(figure)
    if chart is not None:
        _charts[path] = chart
    else:
        _charts.pop(path, None)


def _chart_json(figure):
    """The figure's chart data as JSON text, or None: for a blank or unreadable figure, past
    MAX_CHARTS, or late in the run (reading a large figure in the guest takes a second or more, and
    the program's own time comes first). Never raises, prints or warns: it is not the program's."""
    deadline = _deadline[0]
    if len(_charts) >= MAX_CHARTS or (deadline is not None and time.time() > deadline):
        return None
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            chart = chart_data.figure_chart(figure)
            return None if chart is None else json.dumps(chart, allow_nan=False, ensure_ascii=False)
    except Exception:
        return None


def _show(*args, **kwargs):
    """plt.show() under Agg: return at once and keep the figures for rendering."""


matplotlib.figure.Figure.savefig = _savefig
plt.show = _show

# --- Code written for a notebook or a desktop backend still draws -------------------------------

# Backends that write files: every other one (TkAgg, Qt5Agg, MacOSX, nbAgg, inline, ...) needs a
# display the sandbox does not have, and becomes Agg.
FILE_BACKENDS = {"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"}
_original_use = matplotlib.use
_original_switch_backend = plt.switch_backend


def _file_backend(name):
    return name if isinstance(name, str) and name.lower() in FILE_BACKENDS else "agg"


def _use(backend, *args, **kwargs):
    return _original_use(_file_backend(backend), *args, **kwargs)


def _switch_backend(newbackend):
    return _original_switch_backend(_file_backend(newbackend))


matplotlib.use = _use
plt.switch_backend = _switch_backend


def _display(*objects, **kwargs):
    """IPython's display() in a script: print each object, as a notebook would show its text."""
    for obj in objects:
        print(obj.to_string() if hasattr(obj, "to_string") else repr(obj))


builtins.display = _display


def _packages():
    """{normalised distribution name: (name, version)} of every package installed in the guest."""
    found = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found[_normalise(name)] = (name, dist.version)
    return found


def _normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _available():
    return ", ".join(f"{name} {version}" for name, version in sorted(_packages().values(), key=lambda p: p[0].lower()))


def _install(specs):
    """`pip install ...` of a notebook: nothing to do for packages the guest has; an error naming
    the packages it has for any other (the sandbox has no network and installs nothing)."""
    names = [re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0] for spec in specs if spec and not spec.startswith("-")]
    missing = [name for name in names if _normalise(name) not in _packages()]
    if missing:
        raise ModuleNotFoundError(f"chartbox's sandbox cannot install packages ({', '.join(missing)} requested); "
                                  f"it has: {_available()}")


_INSTALL = re.compile(r"^(?:pip3?|conda|mamba|python3? -m pip)\s+install\s+(.*)$")


def _magic(line):
    """A notebook line the program carries: %magic or !shell. Installs of packages the guest has
    and display magics (%matplotlib inline, %config ...) do nothing; other shell commands fail."""
    command = line.lstrip()[1:].lstrip("%").strip()
    install = _INSTALL.match(command)
    if install:
        _install(install.group(1).split())
    elif line.lstrip().startswith("!"):
        raise OSError(errno.ENOSYS, f"shell commands are not available in chartbox's sandbox: !{command}")


_MAGIC_LINE = re.compile(r"^([ \t]*)([%!].*?)\s*$")


def _without_magics(source):
    """The source with each %magic or !shell line made a call to _magic (same line numbers)."""
    lines = source.split("\n")
    for i, line in enumerate(lines):
        m = _MAGIC_LINE.match(line)
        if m:
            lines[i] = f"{m.group(1)}__import__('_chartbox')._magic({m.group(2)!r})"
    return "\n".join(lines)


def _compile(source):
    """Compiles main.py as (body, last expression or None), so a notebook-style last value can be
    shown; notebook lines (%, !) are allowed when the plain source does not compile."""
    try:
        return display_value.split_last_expression(source, "main.py")
    except SyntaxError as plain:
        if not re.search(r"(?m)^[ \t]*[%!]", source):
            raise
        try:
            return display_value.split_last_expression(_without_magics(source), "main.py")
        except SyntaxError:
            raise plain from None


def _reseed():
    """Every random state the snapshot froze, drawn afresh from the host's random source."""
    random.seed()
    numpy.random.seed()
    tempfile._name_sequence = None


def _qualified_name(exc_type):
    module = exc_type.__module__
    return exc_type.__qualname__ if module in ("builtins", "__main__") else f"{module}.{exc_type.__qualname__}"


def _without_driver_frames(report):
    """Drops this module's frames (the notebook shims, savefig's wrapper) from a traceback: they are
    chartbox's, not the program's, and their source is not in a job's file system."""
    report.stack = traceback.StackSummary.from_list([f for f in report.stack if f.filename != __file__])
    for chained in (report.__cause__, report.__context__, *(getattr(report, "exceptions", None) or ())):
        if chained is not None:
            _without_driver_frames(chained)
    return report


def _describe(exc, tb):
    lines = _without_driver_frames(traceback.TracebackException(type(exc), exc, tb)).format()
    message = str(exc)
    if type(exc) is ModuleNotFoundError and "chartbox" not in message:
        message += f" (chartbox's sandbox installs nothing; it has: {_available()})"
    return {
        "type": _qualified_name(type(exc)),
        "message": message,
        "traceback": "".join(lines),
    }


def _exit_code(exc):
    """The status `python main.py` would exit with after SystemExit(exc.code)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _render_open_figures(formats, shown):
    """Saves every open figure the program never saved, as figure_N.<ext>, and reads its chart
    data; returns their names. A figure that is the program's last value (`shown`) is rendered even
    when it was closed."""
    rendered = []
    figures = [plt.figure(number) for number in plt.get_fignums()]
    if shown is not None and all(f is not shown for f in figures):
        figures.append(shown)
    for figure in figures:
        if getattr(figure, "_chartbox_saved", False):
            continue
        number = getattr(figure, "number", None) or len(rendered) + 1
        chart = _chart_json(figure)  # once for all formats
        for fmt in formats:
            name = f"figure_{number}.{EXTENSIONS[fmt]}"
            if os.path.exists(name):
                name = f"figure_{number}_open.{EXTENSIONS[fmt]}"
            _original_savefig(figure, name, format=fmt)
            _saved(figure, name, chart)
            rendered.append(name)
    plt.close("all")
    return rendered


def _shown_figure(value):
    """The figure the program's last value is or draws on (a figure, an axes, the list of lines
    plt.plot returns), or None: display_value's rule, giving the figure itself."""
    for item in (value if isinstance(value, (list, tuple)) else [value])[:1000]:
        try:
            figure = item.get_figure(root=True) if isinstance(item, matplotlib.artist.Artist) else None
        except Exception:
            figure = None
        if isinstance(figure, matplotlib.figure.Figure):
            return figure
    return None


def _last_value(value):
    """(what a notebook shows for the value, the figure it is or draws on): (None, None) for None."""
    shown = display_value.display_value(value)
    if shown is None:
        return None, None
    return shown, _shown_figure(value) if "figure" in shown else None


def _write_charts():
    """One chart_N.json per image file with chart data, and `charts`, their paths (line N)."""
    written = []
    for path, chart in _charts.items():
        if _write_optional(f"chart_{len(written)}.json", chart):
            written.append(path)
    _write_optional("charts", "\n".join(written))


def _write_display(shown, figure):
    if not (_write_optional("display_type", shown["type"]) and _write_optional("display_text", shown["text"])):
        return
    if "html" in shown:
        _write_optional("display_html", shown["html"])
    if figure is not None:
        _write_optional("display_files", "\n".join(getattr(figure, "_chartbox_files", [])))


def _write_optional(name, text):
    """_write for what the result can do without (chart data, the last value): a full file system
    or text that is not valid Unicode (a lone surrogate in a title) loses it, never the report."""
    try:
        _write(name, text.encode("utf-8", "replace").decode("utf-8"))
        return True
    except (OSError, UnicodeError):
        return False


def _read(name):
    with open(f"{CONTROL_DIR}/{name}", encoding="utf-8") as f:
        return f.read()


def _write(name, text):
    try:
        f = open(f"{CONTROL_DIR}/{name}", "w", encoding="utf-8")
    except OSError as exc:
        if exc.errno != errno.EMFILE:
            raise
        # The program is done and left every descriptor open: free them for the report.
        os.closerange(FIRST_FREE_DESCRIPTOR, DESCRIPTOR_CEILING)
        f = open(f"{CONTROL_DIR}/{name}", "w", encoding="utf-8")
    with f:
        f.write(text)


def run_job():
    started = time.time()
    formats = _read("formats").split()
    try:
        _deadline[0] = started + float(_read("deadline_seconds")) * (1 - CHART_TIME_RESERVE)
    except (OSError, ValueError):  # other hosts (the benchmark's engines) set no deadline
        _deadline[0] = None
    _reseed()
    os.chdir(WORK_DIR)
    sys.argv = ["main.py"]
    if WORK_DIR not in sys.path:
        sys.path.insert(0, WORK_DIR)
    main = sys.modules["__main__"]
    namespace = main.__dict__
    namespace.clear()
    namespace.update(__name__="__main__", __file__=WORK_DIR + "/main.py", __builtins__=builtins, __doc__=None)

    result = {"exitCode": 0, "error": None, "rendered": []}
    value = None
    try:
        with open("main.py", encoding="utf-8") as f:
            source = f.read()
        body, last = _compile(source)
        exec(body, namespace)
        if last is not None:
            value = eval(last, namespace)  # the notebook's last value: its errors are the program's
    except SystemExit as exc:
        result["exitCode"] = _exit_code(exc)
    except BaseException as exc:  # the program's own failure: report it as Python would
        tb = exc.__traceback__.tb_next if not isinstance(exc, SyntaxError) else None
        result["exitCode"] = 1
        result["error"] = _describe(exc, tb)
        sys.stderr.write(result["error"]["traceback"])
    shown, figure = None, None
    if result["exitCode"] == 0 and value is not None:
        try:
            shown, figure = _last_value(value)
        except BaseException:  # a value that cannot even be described is not shown
            shown, figure = None, None
    if result["exitCode"] == 0:
        try:
            result["rendered"] = _render_open_figures(formats, figure)
        except BaseException as exc:
            result["exitCode"] = 1
            result["error"] = _describe(exc, exc.__traceback__)
            sys.stderr.write(result["error"]["traceback"])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    if result["error"] is not None:
        for key in ("type", "message", "traceback"):
            _write(f"error_{key}", result["error"][key])
    _write_charts()  # a program that failed after saving a chart still has its data
    if shown is not None:
        _write_display(shown, figure)
    _write("rendered", "\n".join(result["rendered"]))
    _write("exit_code", str(result["exitCode"]))  # last: its presence says the driver finished
