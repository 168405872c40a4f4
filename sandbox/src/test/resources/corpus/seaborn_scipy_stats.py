# expect-status: SUCCEEDED
# expect-artifacts: distribution.png
# expect-stdout: Shapiro-Wilk
# expect-stdout: normal at 5%: True

# A model's usual analysis: a histogram with a KDE (seaborn), a normality test and a fitted normal (scipy).
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from scipy import stats

rng = np.random.default_rng(42)
df = pd.DataFrame({"response_ms": rng.normal(250, 40, 400)})
w, p = stats.shapiro(df["response_ms"])
print(f"Shapiro-Wilk W={w:.4f} p={p:.4f}")
print(f"normal at 5%: {p > 0.05}")
mu, sigma = stats.norm.fit(df["response_ms"])

sns.set_theme(style="whitegrid")
fig, ax = plt.subplots(figsize=(7, 4))
sns.histplot(data=df, x="response_ms", kde=True, stat="density", bins=30, ax=ax, label="observed")
xs = np.linspace(df["response_ms"].min(), df["response_ms"].max(), 200)
ax.plot(xs, stats.norm.pdf(xs, mu, sigma), "r--", label=f"N({mu:.0f}, {sigma:.0f})")
ax.set_title("Response time distribution")
ax.legend()
fig.tight_layout()
fig.savefig("distribution.png", dpi=100)
