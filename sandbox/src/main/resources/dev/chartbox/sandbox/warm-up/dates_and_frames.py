# The worker's warm-up: dates, pandas reshaping and its plotting, filled areas, error bars.
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

days = pd.date_range("2024-01-01", periods=120, freq="D")
frame = pd.DataFrame({
    "day": days,
    "region": np.tile(["north", "south", "east"], 40),
    "sales": np.abs(np.sin(np.arange(120) / 7.0)) * 100 + np.arange(120),
})
frame["month"] = frame["day"].dt.month_name()
monthly = frame.groupby(["month", "region"], sort=False)["sales"].sum().unstack()
pivot = frame.pivot_table(index="month", columns="region", values="sales", aggfunc="mean")
series = frame.set_index("day")["sales"]
weekly = series.resample("W").mean()
rolling = series.rolling(14).agg(["mean", "std"])

fig, axes = plt.subplots(3, 1, figsize=(9, 10))
axes[0].plot(series.index, series.values, alpha=0.5)
axes[0].plot(weekly.index, weekly.values, linewidth=2)
axes[0].fill_between(rolling.index, rolling["mean"] - rolling["std"], rolling["mean"] + rolling["std"], alpha=0.2)
axes[0].xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
monthly.plot(kind="bar", stacked=True, ax=axes[1])
pivot.plot(ax=axes[2], marker="o")
axes[2].errorbar(range(len(pivot)), pivot["north"], yerr=pivot["south"] / 10, fmt="none", ecolor="gray")
fig.autofmt_xdate()
fig.tight_layout()
fig.savefig("dates.png", dpi=100)
print(monthly.round(1).to_string())
print(frame.describe(include="all").to_string())
