# Sleeping in a host call past the deadline: interrupted at the deadline.
# expect: TIMED_OUT
# deadline: 3
import time
time.sleep(600)
