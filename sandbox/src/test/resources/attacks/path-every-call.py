# A 1 MB path in every call that takes a path: each refused with ENAMETOOLONG.
# expect: SUCCEEDED
# stdout: 17 refused
import errno, os
long = "p" * 1_000_000
open("/work/short", "w").close()
calls = [
    lambda: os.stat(long), lambda: os.lstat(long), lambda: open(long), lambda: open(long, "w"),
    lambda: os.mkdir(long), lambda: os.rmdir(long), lambda: os.unlink(long), lambda: os.rename(long, "/work/x"),
    lambda: os.rename("/work/short", long), lambda: os.link("/work/short", long), lambda: os.symlink(long, "/work/l"),
    lambda: os.symlink("/work/short", long), lambda: os.readlink(long), lambda: os.utime(long, (0, 0)),
    lambda: os.listdir(long), lambda: os.access(long, os.R_OK) or (_ for _ in ()).throw(OSError(errno.ENAMETOOLONG, "")),
    lambda: os.chdir(long),
]
refused = 0
for call in calls:
    try:
        call()
        print("ALLOWED", call)
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            refused += 1
        else:
            print("other", errno.errorcode.get(e.errno), call)
print(refused, "refused")
