# A signal raised by the program aborts it (wasi-libc traps): the program's crash, not chartbox's.
# expect: FAILED
# error: WebAssemblyTrap: the program crashed: Trapped on unreachable instruction
import signal
signal.raise_signal(signal.SIGTERM)
