# Opening the same file again and again without closing: stops at the descriptor limit (EMFILE).
# expect: SUCCEEDED
# stdout: EMFILE
import errno
held = []
try:
    while True:
        held.append(open("/work/main.py", "rb"))
except OSError as e:
    print(errno.errorcode[e.errno], len(held) >= 1000)
