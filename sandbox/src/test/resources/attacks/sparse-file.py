# A file made huge by seeking or truncating far past its end: bounded by the file system's size.
# expect: SUCCEEDED
# stdout: done
import os
results = []
for attempt in (lambda f: (f.seek(1 << 40), f.write(b"x")), lambda f: f.truncate(1 << 40), lambda f: os.posix_fallocate(f.fileno(), 0, 1 << 40) if hasattr(os, "posix_fallocate") else None):
    try:
        with open("/tmp/sparse.bin", "wb") as f:
            attempt(f)
    except OSError as e:
        results.append(e.errno)
print("done", results)
