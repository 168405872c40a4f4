import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
data = [rng.normal(50, 10, 100), rng.normal(60, 15, 100), np.append(rng.normal(45, 5, 100), [90, 95])]
fig, ax = plt.subplots()
ax.boxplot(data, tick_labels=["Control", "Treatment A", "Treatment B"], patch_artist=True)
ax.set_title("Response by group")
ax.set_ylabel("Response (ms)")
plt.savefig("box.png")
