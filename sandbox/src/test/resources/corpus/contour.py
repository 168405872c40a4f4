# expect-status: SUCCEEDED
# expect-artifacts: contours.png
# expect-stdout: levels 11

# matplotlib's contour demo: contourf with a colorbar, labelled contour lines (both need contourpy).
import matplotlib.pyplot as plt
import numpy as np

delta = 0.025
x = np.arange(-3.0, 3.0, delta)
y = np.arange(-2.0, 2.0, delta)
X, Y = np.meshgrid(x, y)
Z1 = np.exp(-X**2 - Y**2)
Z2 = np.exp(-(X - 1) ** 2 - (Y - 1) ** 2)
Z = (Z1 - Z2) * 2

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
filled = left.contourf(X, Y, Z, levels=10, cmap="viridis")
fig.colorbar(filled, ax=left)
left.set_title("contourf")
lines = right.contour(X, Y, Z, levels=9, colors="k")
right.clabel(lines, inline=True, fontsize=8)
right.set_title("contour with labels")
print("levels", len(lines.levels))
fig.savefig("contours.png", dpi=80)
