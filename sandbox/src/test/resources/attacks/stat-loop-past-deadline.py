# Host calls back to back past the deadline: the deadline holds between them.
# expect: TIMED_OUT
# deadline: 3
import os
while True:
    os.stat("/work/main.py")
    os.listdir("/usr/local/lib/python315.zip/matplotlib/mpl-data/fonts/ttf")
