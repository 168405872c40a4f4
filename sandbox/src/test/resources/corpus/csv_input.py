# expect-status: SUCCEEDED
# input: sales.csv
# expect-artifacts: monthly_revenue.png
# expect-stdout: 2024-03    1183.00
import matplotlib.pyplot as plt
import pandas as pd

df = pd.read_csv("sales.csv", parse_dates=["date"])
df["revenue"] = df["units"] * df["price"]
monthly = df.groupby(df["date"].dt.to_period("M"))["revenue"].sum()
print(monthly.round(2).to_string())
fig, ax = plt.subplots()
monthly.plot(kind="bar", ax=ax, color="#dd8452")
ax.set_ylabel("Revenue")
ax.set_title("Monthly revenue")
fig.tight_layout()
fig.savefig("monthly_revenue.png", dpi=100)
