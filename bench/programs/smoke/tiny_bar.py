# The smallest chart: three bars, saved as a small PNG (CI's benchmark smoke check).
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(["a", "b", "c"], [3, 1, 2])
fig.savefig("tiny_bar.png", dpi=50)
print("bars 3")
