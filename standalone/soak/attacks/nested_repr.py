import sys
sys.setrecursionlimit(10_000_000)
nested = []
for _ in range(100_000):
    nested = [nested]
print(repr(nested)[:10])
