import matplotlib.pyplot as plt

products = ["Widgets", "Gadgets", "Gizmos", "Doohickeys", "Thingamajigs"]
units = [120, 95, 143, 61, 88]
fig, ax = plt.subplots(figsize=(8, 5))
ax.bar(products, units, color="steelblue")
ax.set_title("Units sold in March")
ax.set_xlabel("Product")
ax.set_ylabel("Units [pcs]")
plt.tight_layout()
plt.savefig("units.png")
