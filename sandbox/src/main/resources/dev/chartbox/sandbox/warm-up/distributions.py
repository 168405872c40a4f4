# The worker's warm-up: histograms, box and violin plots, a pie, stacked areas, twin axes.
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(3)
samples = [rng.normal(loc, 1.0, 200) for loc in (0, 1, 3)]
fig, axes = plt.subplots(2, 3, figsize=(12, 7))
axes[0, 0].hist(samples[0], bins=30, density=True, alpha=0.6, edgecolor="black")
axes[0, 0].hist(samples[1], bins="auto", histtype="step")
axes[0, 1].boxplot(samples, tick_labels=["a", "b", "c"])
axes[0, 2].violinplot(samples, showmeans=True)
axes[1, 0].pie([35, 25, 25, 15], labels=["w", "x", "y", "z"], autopct="%1.0f%%", startangle=90)
axes[1, 0].axis("equal")
t = np.arange(12)
axes[1, 1].stackplot(t, t, t ** 1.2, np.sqrt(t + 1) * 4, labels=["p", "q", "r"])
axes[1, 1].legend(loc="upper left")
twin = axes[1, 2].twinx()
axes[1, 2].bar(t, t ** 2, color="lightgray")
twin.plot(t, np.cumsum(t), color="tab:red", marker="s")
axes[1, 2].set_xticks(t)
axes[1, 2].set_xticklabels([f"m{i}" for i in t], rotation=45)
fig.tight_layout()
fig.savefig("distributions.png", dpi=100)
