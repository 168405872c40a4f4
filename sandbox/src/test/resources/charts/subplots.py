import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(5)
fig, axes = plt.subplots(2, 2, figsize=(10, 8))
axes[0, 0].plot([1, 2, 3, 4], [10, 20, 15, 25], label="trend")
axes[0, 0].set_title("Trend")
axes[0, 1].bar(["x", "y", "z"], [5, 3, 7])
axes[0, 1].set_title("Counts")
axes[1, 0].scatter(rng.random(30), rng.random(30))
axes[1, 0].set_title("Random")
axes[1, 1].pie([40, 35, 25], labels=["A", "B", "C"])
axes[1, 1].set_title("Split")
fig.suptitle("Dashboard")
fig.tight_layout()
fig.savefig("dashboard.png")
