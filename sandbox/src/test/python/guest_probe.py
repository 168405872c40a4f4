# Probe run inside the real guest by guest-smoke.sh, after chart_data.py and display_value.py
# (their functions are in scope). Prints the chart types, sizes and the extraction time.
import json, sys, time
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
start = time.perf_counter()
fig, axes = plt.subplots(2, 3)
axes[0, 0].bar(["a", "b"], [1, 2]); axes[0, 0].set_title("bars")
axes[0, 1].hist(np.random.default_rng(0).normal(size=200), bins=8)
axes[0, 2].plot(pd.date_range("2024-01-01", periods=5), [1, 3, 2, 5, 4], label="s")
axes[1, 0].scatter([1, 2, 3], [3, 1, 2])
axes[1, 1].pie([1, 2, 3], labels=["x", "y", "z"])
axes[1, 2].boxplot([[1, 2, 3, 4, 5, 30]])
fig.suptitle("guest")
chart = figure_chart(fig)
elapsed = time.perf_counter() - start
print(sys.version.split()[0], [c["type"] for c in chart["elements"]])
print("json bytes", len(json.dumps(chart, allow_nan=False)))
t = time.perf_counter(); figure_chart(fig); print("extract seconds %.3f" % (time.perf_counter() - t))
body, last = split_last_expression("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\ndf.describe()")
ns = {}; exec(body, ns); shown = display_value(eval(last, ns))
print("display", shown["type"], len(shown["html"]), shown["text"].splitlines()[1])
print(json.dumps(chart["elements"][1])[:300])
