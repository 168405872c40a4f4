# The worker's warm-up (ChicorySandbox.warmUp): bars, lines, a legend, PNG and SVG output.
import matplotlib.pyplot as plt
import pandas as pd

frame = pd.DataFrame({"x": ["a", "b", "c", "d"], "y": [3, 1, 2, 5], "z": [1.5, 2.5, 2.0, 4.0]})
fig, ax = plt.subplots()
ax.bar(frame["x"], frame["y"], label="y", color="tab:blue")
ax.barh(frame["x"], frame["z"], alpha=0.3, label="z")
ax.plot(frame["x"], frame["y"].cumsum(), marker="o", linestyle="--", label="total")
for i, v in enumerate(frame["y"]):
    ax.text(i, v + 0.1, str(v), ha="center")
ax.set_title("warm-up")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left")
fig.savefig("warm.png", dpi=100)
fig.savefig("warm.svg")
print(frame.describe())
