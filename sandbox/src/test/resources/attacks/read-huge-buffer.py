# Reads into a 600 MB buffer: the host copies at most one chunk per call (a short read), never 600 MB.
# expect: SUCCEEDED
# memory: 1024
# stdout: read 1048576 each time
import os
with open("/tmp/data.bin", "wb") as f:
    f.write(os.urandom(4 << 20))
buf = bytearray(600 << 20)
sizes = set()
with open("/tmp/data.bin", "rb", buffering=0) as f:
    for _ in range(5):
        f.seek(0)
        sizes.add(f.readinto(buf))
print("read", *sizes, "each time")
