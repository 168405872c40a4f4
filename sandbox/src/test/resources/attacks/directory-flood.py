# Directories count toward the quota of files created, like files.
# expect: OUTPUT_LIMIT_EXCEEDED
# deadline: 30
import os
for i in range(1_000_000):
    os.mkdir(f"/tmp/dir{i}")
