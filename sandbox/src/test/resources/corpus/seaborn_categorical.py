# expect-status: SUCCEEDED
# expect-artifacts: by_region.png
# expect-stdout: 4 regions

# Seaborn's categorical plots on a long-form frame, after a notebook-style install line for packages the guest has.
!pip install seaborn scipy
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

rng = np.random.default_rng(11)
regions = ["North", "South", "East", "West"]
df = pd.DataFrame({
    "region": np.repeat(regions, 50),
    "sales": np.concatenate([rng.gamma(4, s, 50) for s in (10, 12, 8, 15)]),
    "channel": np.tile(["online", "store"], 100),
})
print(df["region"].nunique(), "regions")
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
sns.boxplot(data=df, x="region", y="sales", hue="channel", ax=left)
sns.barplot(data=df, x="region", y="sales", errorbar="sd", palette="muted", hue="region", legend=False, ax=right)
left.set_title("Sales by region and channel")
right.set_title("Mean sales (± sd)")
fig.tight_layout()
plt.savefig("by_region.png", dpi=80)
