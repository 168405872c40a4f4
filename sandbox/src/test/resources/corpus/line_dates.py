# expect-status: SUCCEEDED
# expect-artifacts: temperature.png
# expect-stdout: days: 60
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

days = pd.date_range("2024-03-01", periods=60, freq="D")
temps = 12 + 6 * np.sin(np.arange(60) / 9.0) + np.linspace(0, 4, 60)
series = pd.Series(temps, index=days)
weekly = series.rolling(7).mean()

fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(series.index, series.values, label="daily", alpha=0.6)
ax.plot(weekly.index, weekly.values, label="7-day mean", linewidth=2)
ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
ax.legend()
ax.set_title("Temperature, spring 2024")
fig.autofmt_xdate()
fig.savefig("temperature.png", dpi=120)
print("days:", len(series))
