import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(3)
ages = rng.normal(38, 12, 1000)
plt.hist(ages, bins=20, edgecolor="black")
plt.title("Age distribution")
plt.xlabel("Age (years)")
plt.ylabel("Customers")
plt.savefig("ages.png")
