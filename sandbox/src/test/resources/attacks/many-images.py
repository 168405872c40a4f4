# Hundreds of image files: collection keeps the first maxOutputFiles and stops.
# expect: OUTPUT_LIMIT_EXCEEDED
# error: more than 32 image files
for i in range(300):
    with open(f"/work/img{i:04d}.png", "wb") as f:
        f.write(b"\x89PNG" + bytes(100))
