for i in range(100_000):
    open(f'/tmp/f{i}', 'w').close()
