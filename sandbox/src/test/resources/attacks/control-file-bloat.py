# 60 MB written into the driver's own control files, then the interpreter ended: the host reads each with a cap.
# expect: FAILED
# (the error is whatever the program wrote, each part cut at its cap)
import os
for name in ("rendered", "error_type", "error_message", "error_traceback", "exit_code"):
    with open(f"/.chartbox/{name}", "w") as f:
        f.write("x" * 12_000_000)
os._exit(1)
