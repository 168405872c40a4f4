# The worker's warm-up (ChicorySandbox.warmUp): plain Python, no libraries. The interpreter's own
# paths that programs take while they make or reshape their data (float and int loops, tuples,
# classes, generators, dicts, strings, exceptions, recursion, json), which no chart above runs hot.
import json
import math
import random
from collections import Counter, defaultdict, namedtuple
from itertools import accumulate, combinations, permutations

random.seed(7)
Point = namedtuple("Point", "x y")


class Body:
    __slots__ = ("x", "y", "vx", "vy", "mass")

    def __init__(self, x, y, mass):
        self.x, self.y, self.vx, self.vy, self.mass = x, y, 0.0, 0.0, mass

    def pull(self, other, dt):
        dx, dy = other.x - self.x, other.y - self.y
        d2 = dx * dx + dy * dy + 0.01
        f = other.mass * dt / (d2 * math.sqrt(d2))
        self.vx += dx * f
        self.vy += dy * f

    @property
    def speed(self):
        return math.hypot(self.vx, self.vy)


bodies = [Body(random.uniform(-1, 1), random.uniform(-1, 1), random.random()) for _ in range(12)]
for _ in range(40):
    for a, b in combinations(bodies, 2):
        a.pull(b, 0.001)
        b.pull(a, 0.001)
    for body in bodies:
        body.x += body.vx * 0.001
        body.y += body.vy * 0.001
fastest = max(bodies, key=lambda body: body.speed)


def walk(steps):
    x = y = 0.0
    for i in range(steps):
        angle = random.random() * 2 * math.pi
        x, y = x + math.cos(angle), y + math.sin(angle)
        if i % 50 == 0:
            yield Point(round(x, 3), round(y, 3))


points = list(walk(8000))
totals = list(accumulate(p.x * p.y for p in points))
grid = [[(i * j) % 7 - 3.5 for j in range(30)] for i in range(30)]
product = [[sum(a * b for a, b in zip(row, col)) for col in zip(*grid)] for row in grid]


def queens(n, row=0, cols=(), diag1=(), diag2=()):
    if row == n:
        return 1
    return sum(queens(n, row + 1, cols + (c,), diag1 + (row + c,), diag2 + (row - c,))
               for c in range(n) if c not in cols and row + c not in diag1 and row - c not in diag2)


solutions = queens(6)
orders = sum(1 for p in permutations(range(7)) if p[0] < p[-1])
count, total = 0, 0
while count < 20000:
    total += count * count % 13 if count & 1 else count // 3
    count += 1

words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa " * 200).split()
counts = Counter(w.upper()[:3] for w in words)
by_length = defaultdict(list)
for w in set(words):
    by_length[len(w)].append(w.title())
lines = [f"{w:>8}|{n:5d}|{n / len(words):.3%}" for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
text = "\n".join(lines).replace("|", ";").lower()
parsed = []
for token in ("1", "2.5", "x", "3e2", "", "-4") * 500:
    try:
        parsed.append(float(token))
    except ValueError:
        parsed.append(math.nan)
record = {"points": [p._asdict() for p in points[:200]], "counts": dict(counts), "grid": product[:5],
          "stats": {"solutions": solutions, "orders": orders, "total": total, "fastest": fastest.speed}}
assert json.loads(json.dumps(record, sort_keys=True))["stats"]["solutions"] == solutions
print(len(text), sum(x for x in parsed if not math.isnan(x)), "%d words, %.2f" % (len(words), totals[-1]))
