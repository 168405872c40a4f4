# One write of 600 MB: the host takes at most one chunk per call (a short write), never 600 MB at once.
# expect: SUCCEEDED
# memory: 1024
# stdout: wrote 1048576
import os
big = bytes(600 << 20)
fd = os.open("/tmp/out.bin", os.O_WRONLY | os.O_CREAT)
print("wrote", os.write(fd, big))
