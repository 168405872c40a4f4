import matplotlib.pyplot as plt
import numpy as np

# More points than chart data carries: the extractor caps them and says so.
rng = np.random.default_rng(7)
points = rng.normal(size=(20000, 2))
plt.scatter(points[:, 0], points[:, 1], s=1)
plt.title("Twenty thousand points")
plt.savefig("big.png")
