# Runs once, when the snapshot is made: everything imported or warmed here is free for every job.
# Jobs pay for what is not here (a module imported for the first time, a glyph never drawn).
import sys
import types

import collections, csv, datetime, decimal, fractions, functools, io, itertools, json, math  # noqa: E401
import random, re, statistics, string, textwrap, warnings, zoneinfo  # noqa: E401

import numpy as np
print("chartbox: numpy imported")
import pandas as pd
print("chartbox: pandas imported")
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.dates, matplotlib.ticker, matplotlib.colors, matplotlib.cm  # noqa: E401
import matplotlib.backends.backend_svg, matplotlib.backends.backend_pdf  # noqa: E401
import pandas.plotting._matplotlib  # pandas' plotting backend is imported on first df.plot()
print("chartbox: matplotlib imported")

# The libraries model-written analysis code reaches for next (issue 13). Importing them in a job
# costs minutes of cold JIT (scipy.stats alone: 83 s in a fresh JVM), here it costs nothing per job.
import contourpy
import scipy, scipy.stats, scipy.optimize, scipy.interpolate, scipy.signal  # noqa: E401
import seaborn as sns
import statsmodels.api, statsmodels.formula.api  # noqa: E401
import sklearn, sklearn.linear_model, sklearn.cluster, sklearn.preprocessing  # noqa: E401
print("chartbox: scipy, seaborn, statsmodels, scikit-learn imported")

# The driver module, compiled from the source the host placed beside this file.
driver = types.ModuleType("_chartbox")
driver.__file__ = "/.chartbox/chartbox_driver.py"
with open(driver.__file__, encoding="utf-8") as f:
    exec(compile(f.read(), driver.__file__, "exec"), driver.__dict__)
sys.modules["_chartbox"] = driver

# Warm the paths a typical chart takes: text layout, dates, legends, PNG/SVG/PDF writers, pandas.
frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=4), "value": [3.0, 1.0, 4.0, 1.5]})
frame["group"] = ["a", "b", "a", "b"]
frame.groupby("group")["value"].sum()
pd.read_csv(io.StringIO("x,y\n1,2\n3,4\n")).describe()
fig, (left, middle, right) = plt.subplots(1, 3, figsize=(9, 3))
left.bar(frame["group"], frame["value"], label="value")
left.set_title("Warm-up 0123456789")
left.legend()
middle.plot(frame["day"], frame["value"], marker="o")
frame.plot(x="day", y="value", ax=right)
fig.autofmt_xdate()
fig.tight_layout()
for fmt in ("png", "svg", "pdf"):
    fig.savefig(io.BytesIO(), format=fmt)
plt.close("all")
# seaborn and contour plots import and build more on first use (KDE, categorical axes, contour paths).
fig, (left, middle, right) = plt.subplots(1, 3, figsize=(9, 3))
sns.histplot(x=np.arange(20.0) % 7, kde=True, ax=left)
sns.boxplot(x=frame["group"], y=frame["value"], ax=middle)
right.contourf(np.add.outer(np.arange(5.0), np.arange(5.0)), levels=4)
fig.savefig(io.BytesIO(), format="png")
scipy.stats.shapiro(np.arange(20.0) % 7)
plt.close("all")
del frame, fig, left, middle, right, f

# A snapshot cannot carry open files: they are host file descriptors, gone in the restored
# instance (an FT2Font kept in matplotlib's font cache would fail with "failed to load glyph").
# So close every one, and refuse to make the snapshot if any stays open.
import gc, os  # noqa: E401
import matplotlib.font_manager

matplotlib.font_manager._get_font.cache_clear()
gc.collect()
FIRST_AFTER_PREOPENS = 6  # 3, 4, 5: the stdlib folder, matplotlib's data, the root
still_open = []
for fd in range(FIRST_AFTER_PREOPENS, 1024):
    try:
        os.fstat(fd)
    except OSError:
        continue
    still_open.append(fd)
if still_open:
    raise RuntimeError(f"file descriptors still open when the snapshot is taken: {still_open}")
print("chartbox: snapshot prelude done")
