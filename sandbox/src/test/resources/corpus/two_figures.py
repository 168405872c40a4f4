# expect-status: SUCCEEDED
# expect-artifacts: figure_1.png figure_2.png
# expect-stdout: figures 2
import matplotlib.pyplot as plt
import numpy as np

plt.figure()
plt.plot(np.arange(10), np.arange(10) ** 2)
plt.title("quadratic")
plt.figure()
plt.bar(["a", "b", "c"], [3, 5, 2])
plt.title("bars")
print("figures", len(plt.get_fignums()))
