# The worker's warm-up: seaborn's common plots and scipy's statistics.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

rng = np.random.default_rng(11)
frame = pd.DataFrame({
    "group": np.repeat(["a", "b", "c"], 50),
    "kind": np.tile(["x", "y"], 75),
    "value": np.concatenate([rng.normal(m, 1, 50) for m in (1, 2, 4)]),
    "other": rng.uniform(0, 10, 150),
})
sns.set_theme(style="whitegrid")
fig, axes = plt.subplots(2, 2, figsize=(10, 8))
sns.histplot(data=frame, x="value", hue="group", kde=True, ax=axes[0, 0])
sns.barplot(data=frame, x="group", y="value", hue="kind", ax=axes[0, 1])
sns.scatterplot(data=frame, x="other", y="value", hue="group", style="kind", ax=axes[1, 0])
sns.heatmap(frame.pivot_table(index="group", columns="kind", values="value"), annot=True, fmt=".1f", ax=axes[1, 1])
fit = stats.linregress(frame["other"], frame["value"])
print(f"slope {fit.slope:.3f} p {fit.pvalue:.3f}")
print(stats.ttest_ind(frame.loc[frame.group == "a", "value"], frame.loc[frame.group == "b", "value"]))
fig.tight_layout()
fig.savefig("seaborn.png", dpi=100)
