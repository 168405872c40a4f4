# expect-status: SUCCEEDED
# expect-artifacts: clusters.png
# expect-stdout: clusters 3

# Clustering then plotting (scikit-learn): KMeans on three blobs, coloured by label, centres marked.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=0)
km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X)
print("clusters", len(np.unique(km.labels_)))

fig, ax = plt.subplots(figsize=(5, 4))
ax.scatter(X[:, 0], X[:, 1], c=km.labels_, cmap="viridis", s=10)
ax.scatter(*km.cluster_centers_.T, marker="x", s=120, color="red", label="centres")
ax.legend()
ax.set_title("KMeans, k=3")
fig.savefig("clusters.png", dpi=80)
