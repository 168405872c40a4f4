# A directory of 4,000 entries listed again and again: every listing is bounded by the file quota.
# expect: TIMED_OUT
# deadline: 5
import os
os.mkdir("/tmp/many")
for i in range(4000):
    open(f"/tmp/many/{i:05d}-" + "n" * 200, "w").close()
while True:
    os.listdir("/tmp/many")
    for entry in os.scandir("/tmp/many"):
        entry.stat()
