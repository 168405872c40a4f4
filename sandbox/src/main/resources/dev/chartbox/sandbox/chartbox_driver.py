"""chartbox's guest-side driver: the module `_chartbox` inside the sandbox.

It is loaded once, when the snapshot is made (see snapshot_prelude.py); each job then calls
`_chartbox.run_job()` in a fresh copy of that snapshot. It runs the user's main.py as
`python main.py` would, renders figures the program left open, and writes how the run ended
into CONTROL_DIR for the host to read: one small text file per fact, so the host needs no JSON.
"""

import builtins
import errno
import importlib.metadata
import os
import random
import re
import sys
import tempfile
import traceback

import matplotlib
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy

WORK_DIR = "/work"
CONTROL_DIR = "/.chartbox"
FIRST_FREE_DESCRIPTOR = 6  # after stdin, stdout, stderr and the three preopens
DESCRIPTOR_CEILING = 2048  # above the host's limit on descriptors open at once (1,024)
EXTENSIONS = {"png": "png", "svg": "svg", "pdf": "pdf", "jpeg": "jpg"}

_original_savefig = matplotlib.figure.Figure.savefig


def _savefig(self, *args, **kwargs):
    """Figure.savefig that remembers the figure was saved, so it is not rendered again."""
    self._chartbox_saved = True
    return _original_savefig(self, *args, **kwargs)


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
    """Compiles main.py; notebook lines (%, !) are allowed when the plain source does not compile."""
    try:
        return compile(source, "main.py", "exec")
    except SyntaxError as plain:
        if not re.search(r"(?m)^[ \t]*[%!]", source):
            raise
        try:
            return compile(_without_magics(source), "main.py", "exec")
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


def _render_open_figures(formats):
    """Saves every open figure the program never saved, as figure_N.<ext>; returns their names."""
    rendered = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        if getattr(figure, "_chartbox_saved", False):
            continue
        for fmt in formats:
            name = f"figure_{number}.{EXTENSIONS[fmt]}"
            if os.path.exists(name):
                name = f"figure_{number}_open.{EXTENSIONS[fmt]}"
            _original_savefig(figure, name, format=fmt)
            rendered.append(name)
    plt.close("all")
    return rendered


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
    formats = _read("formats").split()
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
    try:
        with open("main.py", encoding="utf-8") as f:
            source = f.read()
        exec(_compile(source), namespace)
    except SystemExit as exc:
        result["exitCode"] = _exit_code(exc)
    except BaseException as exc:  # the program's own failure: report it as Python would
        tb = exc.__traceback__.tb_next if not isinstance(exc, SyntaxError) else None
        result["exitCode"] = 1
        result["error"] = _describe(exc, tb)
        sys.stderr.write(result["error"]["traceback"])
    if result["exitCode"] == 0:
        try:
            result["rendered"] = _render_open_figures(formats)
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
    _write("rendered", "\n".join(result["rendered"]))
    _write("exit_code", str(result["exitCode"]))  # last: its presence says the driver finished
