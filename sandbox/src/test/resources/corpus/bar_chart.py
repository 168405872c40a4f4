# expect-status: SUCCEEDED
# expect-artifacts: revenue_by_region.png
# expect-stdout: Top region: West
import matplotlib.pyplot as plt
import pandas as pd

data = {"region": ["North", "South", "East", "West"], "revenue": [1250.5, 980.0, 1430.25, 1675.0]}
df = pd.DataFrame(data).sort_values("revenue", ascending=False)

fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.bar(df["region"], df["revenue"], color=["#4c72b0", "#55a868", "#c44e52", "#8172b2"])
ax.bar_label(bars, fmt="%.0f")
ax.set_title("Revenue by region, Q1")
ax.set_ylabel("Revenue (USD)")
plt.tight_layout()
plt.savefig("revenue_by_region.png", dpi=100)
print(f"Top region: {df.iloc[0]['region']}")
