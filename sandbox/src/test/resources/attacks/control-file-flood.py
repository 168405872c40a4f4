# 40 MB into each of the driver's control files: the file system's size stops it, and the host reads none of it whole.
# expect: OUTPUT_LIMIT_EXCEEDED
# deadline: 30
# error: filled its file system
for name in ("error_type", "error_message", "error_traceback"):
    with open(f"/.chartbox/{name}", "w") as f:
        f.write("x" * 40_000_000)
