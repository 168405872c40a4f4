# The worker's warm-up: scatter with a colour map, a colour bar, an image, log axes, a subplot grid.
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(7)
x = rng.normal(size=300)
y = 2.0 * x + rng.normal(scale=0.5, size=300)
fig, axes = plt.subplots(2, 2, figsize=(9, 7))
points = axes[0, 0].scatter(x, y, c=y, cmap="viridis", s=12, alpha=0.8)
fig.colorbar(points, ax=axes[0, 0], label="y")
slope, intercept = np.polyfit(x, y, 1)
axes[0, 0].plot(np.sort(x), slope * np.sort(x) + intercept, color="red")
axes[0, 0].annotate("fit", xy=(0, intercept), xytext=(1, intercept - 2), arrowprops={"arrowstyle": "->"})
grid = np.outer(np.sin(np.linspace(0, 3, 40)), np.cos(np.linspace(0, 3, 50)))
image = axes[0, 1].imshow(grid, cmap="coolwarm", aspect="auto")
fig.colorbar(image, ax=axes[0, 1])
axes[1, 0].loglog(np.arange(1, 100), np.arange(1, 100) ** 1.5, marker=".")
axes[1, 0].grid(True, which="both", alpha=0.3)
axes[1, 1].pcolormesh(grid[:10, :10], shading="auto")
axes[1, 1].contour(grid, levels=5, colors="black")
fig.suptitle("warm-up")
fig.tight_layout()
fig.savefig("scatter.png", dpi=100)
