# One 60 MB "image": its size is checked before it is read, and it is never read.
# expect: OUTPUT_LIMIT_EXCEEDED
with open("/work/huge.png", "wb") as f:
    for _ in range(60):
        f.write(bytes(1 << 20))
