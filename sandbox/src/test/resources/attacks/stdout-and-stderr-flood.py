# Megabytes on both streams: each kept up to its cap and flagged truncated.
# expect: SUCCEEDED
import sys
for _ in range(4):
    sys.stdout.write("o" * (1 << 20))
    sys.stderr.write("e" * (1 << 20))
