# expect-status: SUCCEEDED
# expect-artifacts: scatter.png
# expect-stdout: slope=2.0
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(42)
x = np.linspace(0, 10, 80)
y = 2.0 * x + 1.0 + rng.normal(0, 0.5, size=x.size)
slope, intercept = np.polyfit(x, y, 1)
r = np.corrcoef(x, y)[0, 1]

plt.figure(figsize=(6, 6))
plt.scatter(x, y, s=14, alpha=0.7, label="observations")
plt.plot(x, slope * x + intercept, color="crimson", label=f"fit: y={slope:.2f}x+{intercept:.2f}")
plt.title(f"Linear fit (r = {r:.3f})")
plt.xlabel("x")
plt.ylabel("y")
plt.legend()
plt.grid(True, alpha=0.3)
plt.savefig("scatter.png")
print(f"slope={slope:.1f} intercept={intercept:.1f}")
