# Symbolic links count toward the quota of files created, like files.
# expect: OUTPUT_LIMIT_EXCEEDED
# deadline: 30
import os
for i in range(1_000_000):
    os.symlink("main.py", f"/work/link{i}")
