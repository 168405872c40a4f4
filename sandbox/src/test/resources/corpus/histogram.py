# expect-status: SUCCEEDED
# expect-artifacts: histogram.png
# expect-stdout: n=2000
import matplotlib.pyplot as plt
import numpy as np

values = np.random.normal(loc=50, scale=12, size=2000)
fig, ax = plt.subplots()
counts, edges, _ = ax.hist(values, bins=30, color="steelblue", edgecolor="white")
ax.axvline(values.mean(), color="black", linestyle="--", label=f"mean {values.mean():.1f}")
ax.set_xlabel("Score")
ax.set_ylabel("Count")
ax.legend()
fig.savefig("histogram.png", dpi=100)
print(f"n={len(values)} bins={len(counts)}")
