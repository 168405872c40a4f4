# expect-status: SUCCEEDED
# expect-artifacts: correlation.png
# expect-stdout: shape (5, 5)
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
df = pd.DataFrame(rng.normal(size=(100, 5)), columns=list("ABCDE"))
df["B"] += df["A"] * 0.8
corr = df.corr()
fig, ax = plt.subplots(figsize=(6, 5))
im = ax.imshow(corr.values, cmap="coolwarm", vmin=-1, vmax=1)
ax.set_xticks(range(5), corr.columns)
ax.set_yticks(range(5), corr.index)
for i in range(5):
    for j in range(5):
        ax.text(j, i, f"{corr.values[i, j]:.2f}", ha="center", va="center", fontsize=8)
fig.colorbar(im, ax=ax)
ax.set_title("Correlation matrix")
fig.savefig("correlation.png")
print("shape", corr.shape)
