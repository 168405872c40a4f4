# The worker's warm-up (ChicorySandbox.warmUp): the rest of the interpreter a program may reach
# before it plots. The guest parses and compiles every job's source, and C2's code for the parser and
# compiler traps back to the interpreter on grammar no earlier job used, so the source below uses most
# of the grammar and is compiled a few times (not run). Then the builtin types' and the standard
# library's common operations, each on a few kinds of operand. None of it is a test's or benchmark's.
import bisect
import collections
import dataclasses
import datetime
import functools
import heapq
import itertools
import math
import re
import statistics
import string
import struct
from fractions import Fraction

GRAMMAR = '''
from __future__ import annotations
import os.path as osp, sys
from typing import Any, Callable, Iterator

BLOB = b"bytes" rb"\\x00" B'more'
CONSTANTS = (0, -1, 1_000_000, 0x1F, 0o17, 0b1011, 1.5, 2e-3, .5, 3j, 1e308 * 10, True, False, None, ...)
TEXT = "double" 'single' r"raw\\d" """triple""" f"{CONSTANTS[1]!r:>8}" "implicit" "join"

@functools.lru_cache(maxsize=None)
def positional(a, b=2, /, c=3, *args, d, e=5, **kwargs) -> dict[str, Any]:
    """A docstring."""
    global TEXT
    x = y = z = a
    x += 1; y -= 2; z *= 3; x /= 4; y //= 5; z %= 6; x **= 2; a <<= 1; a >>= 1; a &= 7; a |= 8; a ^= 9
    if a < b <= c != d is not None and not (e in args or e not in kwargs):
        pass
    elif (n := len(args)) > 2:
        return {"n": n, **kwargs}
    else:
        a = b if c else -d
    first, *rest = args or (1, 2, 3)
    [p, (q, r)] = 1, (2, 3)
    return {"sum": sum(rest) + first, "bits": ~a & b | c ^ d << 1 >> 2, "pow": 2 ** -1 % 3 // 1 @ 1 if False else 0}

class Base(metaclass=type):
    __slots__ = ("value",)
    kind: str = "base"
    def __init__(self, value): self.value = value
    def __repr__(self): return f"{type(self).__name__}({self.value!r})"
    @property
    def double(self): return self.value * 2
    @staticmethod
    def make(*values): return [Base(v) for v in values]
    @classmethod
    def named(cls, **names): return {k: cls(v) for k, v in names.items()}

class Child(Base, object):
    def __init__(self, value, extra=None):
        super().__init__(value)
        del extra

def generator(limit):
    total = 0
    while True:
        sent = yield total
        if sent is None or total > limit:
            break
        total += sent
    yield from range(3)
    return total

async def coroutine(items):
    async with items as handle:
        async for item in handle:
            await item
    return [i async for i in items]

def control(value, items):
    try:
        for i, item in enumerate(items):
            if i % 2: continue
            with open(osp.join("a", "b")) as f, open("c") as g:
                f.write(g.read())
        else:
            raise ValueError("no break") from None
    except (ValueError, TypeError) as error:
        assert error, "message"
    finally:
        value = None
    try:
        value = value or items
    except* OSError as group:
        raise RuntimeError(group.exceptions) from group
    match value:
        case {"kind": "point", "x": x, "y": y} if x > y:
            return x
        case [1, 2, *others]:
            return others
        case Base(value=v) | Child(value=v):
            return v
        case str() | bytes():
            return value
        case _:
            return lambda *a, k=1, **kw: (a, k, kw)

def closures():
    count = 0
    def inner():
        nonlocal count
        count += 1
        return count
    return inner

squares = [x * x for x in range(10) if x % 3 for _ in (0,)]
lookup = {x: str(x) for x in range(5)}
unique = {c for c in "mississippi"}
lazy = (x for x in squares if x)
merged = [*squares, *unique]
table = {**lookup, 7: "seven"}
sliced = squares[1:-1:2], squares[::-1], squares[:3], squares[5:]
type Alias = list[int]
def generic[T](x: T) -> T: return x
print(*sliced, sep=", ", end="\\n", file=sys.stderr) if 0 else None
'''

for n in range(8):
    compile(GRAMMAR.replace("positional", f"positional{n}"), f"<grammar {n}>", "exec")


# Builtin types, each on a few kinds of operand.
@dataclasses.dataclass(frozen=True, order=True)
class Item:
    name: str
    price: float
    count: int = 1

    def __add__(self, other):
        return Item(self.name, self.price + other.price, self.count + other.count)


Point = collections.namedtuple("Point", "x y")
items = [Item(f"item{i}", round(1.5 ** (i % 9) * (-1) ** i, 3), i % 4) for i in range(400)]
items.sort(key=lambda it: (it.count, -it.price))
items.sort(reverse=True)
merged = functools.reduce(lambda a, b: a + b, items[:50])
ints = [i * 7919 % 1009 for i in range(2000)]
floats = [x / 7.0 for x in ints]
big = 3 ** 200 + (1 << 150) - 12345678901234567890
numbers = [big // (i + 1) % 1_000_000_007 for i in range(200)] + [divmod(big, 97)[1], big.bit_length(), -big >> 3, abs(-big) & 0xFFFF]
mixed = sum(ints) + sum(floats) + math.fsum(floats) + sum(Fraction(i, 7) for i in range(30)) + complex(1, 2).real
powers = [2 ** i for i in range(70)] + [2.0 ** -i for i in range(40)] + [i ** 0.5 for i in range(100)] + [pow(i, 3, 11) for i in range(50)]
hashes = {hash(x) for x in floats[:300]} | {hash(s) for s in ("a", "bb", b"c", (1, 2), 1.5, 10 ** 30, None, frozenset({1}))}
sets = set(ints)
sets &= set(range(0, 1009, 2))
sets |= {1, 3, 5}
sets -= {7, 11}
sym = sets ^ set(range(50))
fs = frozenset(sym)
assert fs <= sym | fs and not fs.isdisjoint(sym)
lists = ints[:100] * 3 + [None] * 5
lists[10:20] = range(3)
del lists[::7]
lists.insert(3, -1)
lists.extend(reversed(ints[:10]))
lists.remove(-1)
counts = (lists.count(None), lists.index(0) if 0 in lists else -1, lists.pop(), lists.pop(0))
pairs = sorted(zip(ints, floats), key=lambda p: (p[1], p[0]))[:20]
mapped = list(map(str, filter(None, ints[:200])))
flags = any(x > 1000 for x in ints), all(isinstance(x, int) for x in ints), min(floats), max(ints, key=abs)
d = dict.fromkeys(string.ascii_lowercase, 0)
for ch in "the quick brown fox jumps over the lazy dog" * 20:
    if ch in d:
        d[ch] += 1
d.update(zip("xyz", range(3)))
d.pop("a")
d.setdefault("new", []).append(1)
dd = collections.defaultdict(list)
for i, x in enumerate(ints[:300]):
    dd[x % 17].append(i)
keys = {(i, i % 3): i for i in range(200)}
nested = {k: {"values": v[:3], "mean": statistics.fmean(v)} for k, v in dd.items()}
counter = collections.Counter(mapped)
common = counter.most_common(5)
ordered = collections.OrderedDict(sorted(d.items()))
ordered.move_to_end("b")
dq = collections.deque(maxlen=50)
for x in ints[:500]:
    dq.append(x)
    if x % 3 == 0:
        dq.appendleft(dq.pop())
heap = []
for x in floats[:300]:
    heapq.heappush(heap, (x, str(x)))
smallest = [heapq.heappop(heap) for _ in range(10)] + heapq.nsmallest(3, ints) + heapq.nlargest(3, floats)
sorted_ints = sorted(ints)
positions = [bisect.bisect_left(sorted_ints, x) for x in range(0, 1009, 37)]
bisect.insort(sorted_ints, 500)

# Strings and bytes.
words = re.findall(r"[a-z]+", " ".join(f"{w.title()}_{i:04d} {w[::-1]}" for i, w in enumerate(["alpha", "beta", "gamma"] * 40)).lower())
text = "\n".join(f"{i:>5}|{x:<12.4f}|{x:+.2e}|{x:8.3%}|{int(x):#x}|{int(x):,}|{str(x)[:6]!r}" for i, x in enumerate(floats[:120]))
text2 = "%s=%d (%.3f) %r %5.1f%%" % ("key", 42, math.pi, None, 12.345)
parts = [line.split("|") for line in text.splitlines()]
cleaned = [p.strip().replace(" ", "").upper().lower().lstrip("0").rstrip("x") for row in parts for p in row]
found = [text.find("|"), text.rfind("0"), text.count("1"), text.startswith("  "), text.endswith("%"), "a,b,,c".split(","), "a b  c".split()]
checks = ["12".isdigit(), "ab".isalpha(), " ".isspace(), "Ab".istitle(), "x".center(9, "*"), "7".zfill(4), "tab\tbed".expandtabs(4)]
table = str.maketrans("abc", "xyz")
translated = "aabbcc".translate(table) + "-".join(sorted(set(words)))[:40]
encoded = translated.encode("utf-8") + "é€😀".encode() + bytes(range(20))
decoded = encoded.decode("utf-8", errors="replace")
ba = bytearray(encoded)
ba[0:2] = b"XY"
ba.extend(b"\x00\xff")
packed = struct.pack("<idh3s", 7, 2.5, -3, b"abc")
unpacked = struct.unpack("<idh3s", packed)
pattern = re.compile(r"(?P<word>[A-Za-z]+)_(?P<num>\d+)")
matches = [(m.group("word"), int(m["num"])) for m in pattern.finditer(" ".join(f"w_{i} x{i}" for i in range(100)))]
subbed = re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1 b22 c333") + re.split(r"[,;]\s*", "a, b;c")[0]


# Functions, iterators, exceptions.
@functools.lru_cache(maxsize=None)
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    return partitions(n - k, k) + partitions(n, k - 1)


def chunks(seq, size):
    it = iter(seq)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def safe_ratio(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return math.nan
    finally:
        pass


class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]

    def __matmul__(self, other):
        cols = list(zip(*other.rows))
        return Matrix([[sum(a * b for a, b in zip(row, col)) for col in cols] for row in self.rows])

    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows

    __hash__ = None


m = Matrix([[i + j for j in range(12)] for i in range(12)])
product = m @ m
trace = sum(product[i, i] for i in range(len(product)))
combos = list(itertools.combinations(range(8), 3)) + list(itertools.permutations("abc")) + list(itertools.product((0, 1), repeat=4))
acc = list(itertools.accumulate(ints[:50], lambda a, b: max(a, b))) + list(itertools.chain.from_iterable(chunks(range(30), 7)))
groups = {k: len(list(g)) for k, g in itertools.groupby(sorted(words), key=lambda w: w[0])}
ratios = [safe_ratio(a, b) for a, b in zip(ints[:100], [0, 1, 2] * 34)]
errors = 0
for value in ["1", "2.5", "x", "", "3e2", None, "0x1f"]:
    try:
        errors += int(value, 0) if value and value.startswith("0x") else int(float(value))
    except (TypeError, ValueError) as exc:
        errors += len(str(exc)) > 0
partial = functools.partial(round, ndigits=2)
rounded = [partial(x) for x in floats[:50]] + [round(x) for x in floats[:50]] + [math.floor(x) + math.ceil(-x) for x in floats[:50]]
trig = [math.atan2(math.sin(x), math.cos(x)) + math.hypot(x, 1) + math.log1p(x) + math.exp(-x) for x in floats[:200]]
stats = (statistics.mean(ints), statistics.median(floats), statistics.pstdev(floats[:100]), statistics.quantiles(ints, n=4))
day = datetime.date(2024, 1, 31)
dates = [(day + datetime.timedelta(days=7 * i)).isoformat() for i in range(40)] + [datetime.datetime(2024, 3, 1, 12, 30).strftime("%Y-%m-%d %H:%M")]
parsed = [datetime.datetime.strptime(s, "%Y-%m-%d").weekday() for s in dates[:20]]
print(partitions(40, 40), trace, len(combos), len(acc), groups.get("a"), errors, len(trig), stats[0], parsed[:3], counts, len(words),
      len(matches), subbed, merged.count, numbers[-1], len(hashes), Point(1, 2)._replace(x=3), common[0], len(text2), unpacked[0])
