# expect-status: FAILED
# expect-error: OSError
# expect-stderr: shell commands are not available
import matplotlib.pyplot as plt
!ls -la /
