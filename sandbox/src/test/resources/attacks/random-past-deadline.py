# Asking the host for random bytes without end: each call is interruptible, the deadline holds.
# expect: TIMED_OUT
# deadline: 3
# memory: 1024
import os
while True:
    os.urandom(300 << 20)
