"""Runs one program the way chartbox's driver does, for the "cold" engines (native, wasmtime).

Used as `python harness.py WORK_DIR` natively and as the `-c` source of a fresh wasmtime guest.
It does the driver's work and no more: run main.py in WORK_DIR as `python main.py` would, then
save figures the program left open as PNG. Unlike the driver it imports nothing the program does
not: a cold run pays for the program's own imports, and for nothing else.
"""

import os
import sys


def bench_run(work_dir):
    os.chdir(work_dir)
    sys.argv = ["main.py"]
    if work_dir not in sys.path:
        sys.path.insert(0, work_dir)
    with open("main.py", encoding="utf-8") as f:
        source = f.read()
    saved = set()
    original = None
    if "matplotlib" in source or ".plot" in source:
        # The program imports matplotlib anyway; remember which figures it saved, as the driver does.
        import matplotlib.figure

        original = matplotlib.figure.Figure.savefig

        def savefig(self, *args, **kwargs):
            saved.add(id(self))
            return original(self, *args, **kwargs)

        matplotlib.figure.Figure.savefig = savefig
    namespace = {"__name__": "__main__", "__file__": os.path.join(work_dir, "main.py"), "__builtins__": __builtins__}
    code = 0
    try:
        exec(compile(source, "main.py", "exec"), namespace)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the program's failure is a result, as in the sandbox
        import traceback

        traceback.print_exc()
        code = 1
    pyplot = sys.modules.get("matplotlib.pyplot")
    if code == 0 and pyplot is not None:
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if id(figure) not in saved:
                (original or type(figure).savefig)(figure, f"figure_{number}.png", format="png")
        pyplot.close("all")
    sys.stdout.flush()
    sys.stderr.flush()
    return code


if __name__ == "__main__" and len(sys.argv) == 2:  # not under `python -c`
    sys.exit(bench_run(sys.argv[1]))
