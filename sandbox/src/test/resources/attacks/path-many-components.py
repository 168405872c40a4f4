# Paths of thousands of components: longer than PATH_MAX is refused, shorter ones resolve cheaply.
# expect: SUCCEEDED
# stdout: done
import errno, os
for path in ["a/" * 5000, "./" * 2040 + "main.py", "../" * 1360 + "work/main.py"]:
    for _ in range(200):
        try:
            os.stat(path)
        except OSError as e:
            assert e.errno in (errno.ENAMETOOLONG, errno.ENOENT), e
print("done")
