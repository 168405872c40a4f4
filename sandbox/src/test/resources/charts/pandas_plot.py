import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"city": ["Oslo", "Lima", "Pune", "Kyiv"], "visitors": [3.2, 4.1, 2.7, 1.9]})
ax = df.plot.bar(x="city", y="visitors", legend=False, title="Visitors (millions)")
ax.set_ylabel("Visitors (M)")
plt.tight_layout()
plt.savefig("visitors.png")
