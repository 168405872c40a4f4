"""Counts, per call_indirect site of the guest, how often each table slot is called over a corpus of programs.

Usage: python profile-calls.py GUEST_DIR COUNTING_GUEST.wasm OUT.tsv PROGRAM.py...  (see profile-calls.sh)

COUNTING_GUEST is the guest's python.wasm with CallCountMain's counters: an open-addressed table of
(site + 1, slot, calls) entries of 16 bytes in the exported memory chartbox_call_counts, where site is
function index << 12 | the site's ordinal in its function. Each program runs once in a fresh wasmtime
instance after the imports the sandbox's snapshot does; what those imports call alone is subtracted,
so the profile is the programs' own. Every program weighs the same: a long benchmark does not drown
the charts.
"""
import collections
import pathlib
import struct
import sys

from counting_guest import PRELUDE, CountingGuest

MEMORY = "chartbox_call_counts"
SMALLEST_SHARE = 1e-6


def _read(store, instance):
    memory = instance.exports(store).get(MEMORY)
    if memory is None:
        return None
    counts = {}
    for site1, slot, calls, _ in struct.iter_unpack("<4I", bytes(memory.read(store, 0, memory.data_len(store)))):
        if site1:
            counts[(site1 - 1, slot)] = calls
    return counts


def main(guest_dir, module, out, programs):
    guest = CountingGuest(guest_dir, module, _read)
    guest.run(PRELUDE)  # the first run builds matplotlib's font cache
    _, imports = guest.run(PRELUDE)
    share = collections.Counter()
    for p in programs:
        _, counts = guest.run(PRELUDE + pathlib.Path(p).read_text())
        own = {k: c - imports.get(k, 0) for k, c in counts.items() if c > imports.get(k, 0)}
        total = sum(own.values())
        print(f"{p}: {total} indirect calls at {len({s for s, _ in own})} sites", file=sys.stderr)
        for k, c in own.items():
            share[k] += c / total / len(programs)
    with open(out, "w") as f:
        f.write(f"# How often each call_indirect site of the guest calls each table slot, as a share of all\n"
                f"# indirect calls, averaged over {len(programs)} programs, each counted after the imports the\n"
                f"# sandbox's snapshot does; pairs below {SMALLEST_SHARE} are left out. The guest's build turns\n"
                f"# a site's dominant slots into direct calls. Made by bench/profile-calls.sh; do not edit.\n"
                f"# function\tsite\tslot\tshare\n")
        for (site, slot), s in sorted(share.items(), key=lambda kv: (-kv[1], kv[0])):
            if s >= SMALLEST_SHARE:
                f.write(f"{site >> 12}\t{site & 0xFFF}\t{slot}\t{s:.7f}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
