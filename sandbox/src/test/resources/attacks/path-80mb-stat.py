# An 80 MB path to os.stat: refused (ENAMETOOLONG) before the host reads it.
# expect: SUCCEEDED
# deadline: 60
# stdout: ENAMETOOLONG
import errno, os
try:
    os.stat("a" * 80_000_000)
except OSError as e:
    print(errno.errorcode[e.errno])
