import matplotlib.pyplot as plt
import pandas as pd

dates = pd.date_range("2024-01-01", periods=30, freq="D")
df = pd.DataFrame({"date": dates,
                   "AAPL": [180 + i * 0.8 for i in range(30)],
                   "MSFT": [370 + (i % 7) * 2.5 for i in range(30)]})
fig, ax = plt.subplots(figsize=(10, 5))
for ticker in ["AAPL", "MSFT"]:
    ax.plot(df["date"], df[ticker], label=ticker, marker="o", markersize=3)
ax.axhline(300, color="grey", linestyle="--")
ax.set_title("Closing prices, January 2024")
ax.set_xlabel("Date")
ax.set_ylabel("Price (USD)")
ax.legend()
fig.autofmt_xdate()
fig.savefig("prices.png")
