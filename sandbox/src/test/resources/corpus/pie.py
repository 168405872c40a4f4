# expect-status: SUCCEEDED
# expect-artifacts: market_share.png
# expect-stdout: largest: Alpha
import matplotlib.pyplot as plt

shares = {"Alpha": 38, "Beta": 27, "Gamma": 20, "Delta": 15}
fig, ax = plt.subplots(figsize=(5, 5))
ax.pie(list(shares.values()), labels=list(shares.keys()), autopct="%1.1f%%", startangle=90)
ax.set_title("Market share")
ax.axis("equal")
plt.savefig("market_share.png", dpi=100)
print("largest:", max(shares, key=shares.get))
