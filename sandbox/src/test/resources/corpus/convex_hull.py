# expect-status: SUCCEEDED
# expect-artifacts: hull.png
# expect-stdout: hull vertices=8 area=11.8026 triangles=110
import matplotlib.pyplot as plt
import numpy as np
from scipy.spatial import ConvexHull, Delaunay

# scipy.spatial runs Qhull, whose option parser (qh_initflags, 65 KB of JVM code before the split
# pass cut it into 26 pieces) runs on every call: the corpus' check on one of the biggest splits.

rng = np.random.default_rng(7)
points = rng.normal(size=(60, 2))
hull = ConvexHull(points)
tri = Delaunay(points)
print(f"hull vertices={len(hull.vertices)} area={hull.volume:.4f} triangles={len(tri.simplices)}")

fig, ax = plt.subplots(figsize=(5, 5))
ax.triplot(points[:, 0], points[:, 1], tri.simplices, color="0.7", linewidth=0.6)
ax.plot(points[:, 0], points[:, 1], "o", markersize=3)
for simplex in hull.simplices:
    ax.plot(points[simplex, 0], points[simplex, 1], "r-")
ax.set_title("Convex hull and Delaunay triangulation")
fig.savefig("hull.png", dpi=80)
