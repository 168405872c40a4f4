# expect-status: SUCCEEDED
# expect-artifacts: traffic.png
# expect-stdout: sources 3
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

idx = pd.date_range("2024-01-01", periods=30)
df = pd.DataFrame({
    "search": np.linspace(100, 160, 30),
    "social": np.linspace(40, 90, 30),
    "direct": np.full(30, 55.0),
}, index=idx)
ax = df.plot.area(figsize=(9, 4), alpha=0.8, title="Traffic by source")
ax.set_ylabel("visits")
plt.savefig("traffic.png", bbox_inches="tight")
print("sources", df.shape[1])
