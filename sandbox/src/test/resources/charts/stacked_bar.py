import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"month": ["Jan", "Feb", "Mar", "Apr"],
                   "online": [120, 135, 160, 172], "store": [80, 76, 90, 95]})
fig, ax = plt.subplots()
ax.bar(df["month"], df["online"], label="Online")
ax.bar(df["month"], df["store"], bottom=df["online"], label="Store")
ax.set_title("Orders by channel")
ax.set_ylabel("Orders")
ax.legend()
plt.savefig("stacked.png")
