# expect-status: SUCCEEDED
# expect-artifacts: fit.png
# expect-stdout: R-squared
# expect-stdout: slope 2.0

# An ordinary least squares fit with confidence bands (statsmodels), as analysis code often draws it.
import matplotlib.pyplot as plt
import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(3)
x = np.linspace(0, 10, 80)
y = 2.0 * x + 1.0 + rng.normal(0, 1.5, x.size)
model = sm.OLS(y, sm.add_constant(x)).fit()
print(f"R-squared {model.rsquared:.3f}")
print(f"slope {model.params[1]:.1f}")
bands = model.get_prediction(sm.add_constant(x)).summary_frame(alpha=0.05)

fig, ax = plt.subplots(figsize=(6, 4))
ax.scatter(x, y, s=12, label="data")
ax.plot(x, bands["mean"], color="C1", label="OLS fit")
ax.fill_between(x, bands["mean_ci_lower"], bands["mean_ci_upper"], color="C1", alpha=0.3, label="95% CI")
ax.legend()
ax.set_title("Linear fit")
fig.savefig("fit.png", dpi=80)
