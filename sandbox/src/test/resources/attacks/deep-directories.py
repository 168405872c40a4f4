# Directories nested 1,000 deep, then one path past PATH_MAX: refused at once, nothing costs more.
# expect: SUCCEEDED
# stdout: deeper refused: ENAMETOOLONG
import errno, os
path = "/tmp"
for _ in range(1000):
    path += "/d"
    os.mkdir(path)
try:
    os.mkdir(path + "/d" * 1100)
except OSError as e:
    print("deeper refused:", errno.errorcode[e.errno])
