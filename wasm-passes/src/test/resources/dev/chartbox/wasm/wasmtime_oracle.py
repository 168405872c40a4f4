"""Runs exported functions of Wasm modules on wasmtime and prints what each left in memory.

Input (argv[1]), one directive a line:
  module PATH            the modules to run, in order (each line of output names its index)
  inputs PATH AT         bytes written at address AT of every fresh instance's memory
  read START LENGTH      the bytes read back after each call
  call NAME ARG...       call export NAME with i32 arguments on every module, memory reset before
Output: MODULE<TAB>NAME ARGS<TAB>HEX of the bytes read, or "trap" and then the bytes read.
"""
import sys

import wasmtime


def main():
    modules, calls = [], []
    inputs, at, read = b"", 0, (0, 0)
    for line in open(sys.argv[1]):
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "module":
            modules.append(parts[1])
        elif parts[0] == "inputs":
            inputs, at = open(parts[1], "rb").read(), int(parts[2])
        elif parts[0] == "read":
            read = (int(parts[1]), int(parts[2]))
        elif parts[0] == "call":
            calls.append((parts[1], [int(a) for a in parts[2:]]))
    engine = wasmtime.Engine()
    out = sys.stdout
    for m, path in enumerate(modules):
        # one instance per module (instantiation costs more than the calls); every call starts
        # from the same memory: zeros, then the inputs
        store = wasmtime.Store(engine)
        instance = wasmtime.Instance(store, wasmtime.Module.from_file(engine, path), [])
        exports = instance.exports(store)
        memory = exports["memory"]
        image = bytes(at) + inputs
        image += bytes(memory.data_len(store) - len(image))
        for name, args in calls:
            memory.write(store, image, 0)
            try:
                exports[name](store, *args)
                status = ""
            except (wasmtime.Trap, wasmtime.WasmtimeError):
                status = "trap "
            data = memory.read(store, read[0], read[0] + read[1])
            out.write("%d\t%s %s\t%s%s\n" % (m, name, " ".join(map(str, args)), status, bytes(data).hex()))


if __name__ == "__main__":
    main()
