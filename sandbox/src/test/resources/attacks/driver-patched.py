# The program replaces the driver's report with a huge one: the host still reads at most its caps.
# expect: FAILED
# deadline: 30
# error: BloatError
import _chartbox
original = _chartbox._write
_chartbox._write = lambda name, text: original(name, text if name == "exit_code" else text * 2000 + "z" * 1_000_000)
raise type("BloatError", (Exception,), {})("x" * 10_000)
