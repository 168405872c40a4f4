for path in ['../../../../etc/hostname', '/../../etc/passwd', '/work/../../proc/self/environ']:
    try:
        print(open(path).read()[:100])
    except OSError as e:
        print(type(e).__name__)
