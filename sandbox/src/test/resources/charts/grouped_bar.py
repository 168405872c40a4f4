import matplotlib.pyplot as plt
import numpy as np

quarters = ["Q1", "Q2", "Q3", "Q4"]
sales_2023 = [23.5, 27.1, 30.2, 35.8]
sales_2024 = [25.0, 29.4, 33.9, 41.2]
x = np.arange(len(quarters))
width = 0.35
fig, ax = plt.subplots(figsize=(9, 5))
ax.bar(x - width / 2, sales_2023, width, label="2023")
ax.bar(x + width / 2, sales_2024, width, label="2024")
ax.set_xticks(x)
ax.set_xticklabels(quarters)
ax.set_ylabel("Sales (M EUR)")
ax.set_title("Quarterly sales by year")
ax.legend()
fig.savefig("grouped.png")
