# Word count: split, normalise and count words of a generated text (str methods, dicts, sorting).
import random

rng = random.Random(42)
vocabulary = [f"{w}{i}" for i, w in enumerate(["alpha", "beta", "gamma", "delta", "epsilon"] * 40)]
lines = [" ".join(rng.choice(vocabulary).capitalize() + rng.choice(["", ",", ".", "!"]) for _ in range(12)) for _ in range(300)]

counts = {}
for line in lines:
    for word in line.split():
        key = word.strip(",.!").lower()
        counts[key] = counts.get(key, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(f"words {sum(counts.values())} distinct {len(counts)} top {top}")
