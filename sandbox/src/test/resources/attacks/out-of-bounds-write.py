# numpy writes past the end of the guest's memory: a Wasm trap, the program's crash.
# expect: FAILED
# error: WebAssemblyTrap: the program crashed: out of bounds memory access
import numpy as np
from numpy.lib.stride_tricks import as_strided
view = as_strided(np.zeros(1), shape=(1 << 24,), strides=(256,))
view[:] = 1.0
