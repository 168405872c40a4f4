# expect-status: SUCCEEDED
# expect-artifacts: units_by_product.png
# expect-stdout: Widget    58
import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({
    "product": ["Widget", "Gadget", "Widget", "Gizmo", "Gadget", "Widget", "Gizmo", "Widget"],
    "units": [12, 7, 15, 3, 9, 20, 4, 11],
})
totals = df.groupby("product")["units"].sum().sort_values(ascending=False)
print(totals.to_string())
ax = totals.plot(kind="barh", color="teal", title="Units by product")
ax.set_xlabel("units")
plt.tight_layout()
plt.savefig("units_by_product.png")
