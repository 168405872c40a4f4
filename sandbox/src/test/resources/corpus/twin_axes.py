# expect-status: SUCCEEDED
# expect-artifacts: twin.png
# expect-stdout: months 12
import matplotlib.pyplot as plt
import numpy as np

months = np.arange(1, 13)
rain = np.array([78, 60, 55, 47, 52, 40, 35, 38, 50, 70, 85, 90])
temp = np.array([3, 4, 8, 12, 16, 19, 22, 21, 17, 12, 7, 4])
fig, ax1 = plt.subplots(figsize=(8, 4))
ax1.bar(months, rain, color="lightblue", label="rain (mm)")
ax1.set_ylabel("rain (mm)")
ax2 = ax1.twinx()
ax2.plot(months, temp, color="red", marker="o", label="temp (C)")
ax2.set_ylabel("temperature (C)")
ax1.set_xticks(months)
fig.suptitle("Climate")
fig.savefig("twin.png", dpi=100)
print("months", len(months))
