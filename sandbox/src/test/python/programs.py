"""Runs a chart program natively, as the sandbox would, and hands back the figures it made.

Figures are what the program saved (savefig is replaced by a recorder: nothing is rendered) and
what it left open. Notebook lines (%magic, !shell) are dropped, backend switches ignored, and a
program that fails still yields the figures it made before failing.
"""

import contextlib
import os
import pathlib
import re
import shutil

import matplotlib
import matplotlib.figure
import matplotlib.pyplot as plt

from conftest import RESOURCES

CORPUS = RESOURCES / "corpus"
CHARTS = RESOURCES / "charts"
_MAGIC = re.compile(r"^[ \t]*[%!].*$", re.MULTILINE)


def chart_programs():
    return sorted(CORPUS.glob("*.py")) + sorted(CHARTS.glob("*.py"))


def figures_of(program, workdir):
    """The figures a program saves or leaves open, in the order it made them."""
    workdir = pathlib.Path(workdir)
    if (CORPUS / "inputs").is_dir():
        for f in (CORPUS / "inputs").iterdir():
            shutil.copy(f, workdir / f.name)
    source = _MAGIC.sub("pass", program.read_text())
    saved = []

    def record(figure, *args, **kwargs):
        if figure not in saved:
            saved.append(figure)

    plt.close("all")
    failure = None
    old_cwd = os.getcwd()
    patches = [(matplotlib.figure.Figure, "savefig", record), (matplotlib, "use", _ignore),
               (plt, "switch_backend", _agg)]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    try:
        os.chdir(workdir)
        for owner, name, replacement in patches:
            setattr(owner, name, replacement)
        with matplotlib.rc_context(), contextlib.redirect_stdout(open(os.devnull, "w")):
            try:
                exec(compile(source, str(program), "exec"),
                     {"__name__": "__main__", "display": _ignore})
            except BaseException as e:  # programs in the corpus fail on purpose
                failure = e
            open_figures = [plt.figure(n) for n in plt.get_fignums()]
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
        os.chdir(old_cwd)
    figures = saved + [f for f in open_figures if f not in saved]
    plt.close("all")
    figures_of.last_failure = failure
    return figures


_switch_backend = plt.switch_backend


def _agg(*args, **kwargs):
    return _switch_backend("Agg")


def _ignore(*args, **kwargs):
    return None
