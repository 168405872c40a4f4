# expect-status: SUCCEEDED
# expect-artifacts: dashboard.png
# expect-stdout: panels: 4
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
fig, axes = plt.subplots(2, 2, figsize=(10, 8), sharex=True)
for ax, (name, fn) in zip(axes.flat, [("sin", np.sin), ("cos", np.cos), ("tanh", np.tanh), ("sinc", np.sinc)]):
    ax.plot(x, fn(x))
    ax.set_title(name)
    ax.grid(alpha=0.3)
fig.suptitle("Four functions")
fig.tight_layout()
fig.savefig("dashboard.png")
print("panels:", len(fig.axes))
