import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(42)
height = rng.normal(170, 10, 200)
weight = 0.9 * height - 80 + rng.normal(0, 6, 200)
fig, ax = plt.subplots()
ax.scatter(height, weight, alpha=0.6, label="people")
ax.set_title("Height vs weight")
ax.set_xlabel("Height (cm)")
ax.set_ylabel("Weight (kg)")
ax.legend()
plt.savefig("scatter.png")
