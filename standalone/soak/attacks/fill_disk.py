with open('/tmp/fill.bin', 'wb') as f:
    while True:
        f.write(b'x' * 1024 * 1024)
