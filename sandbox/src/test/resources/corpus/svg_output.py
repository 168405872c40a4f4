# expect-status: SUCCEEDED
# expect-artifacts: trend.svg
# expect-stdout: saved svg
import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([2019, 2020, 2021, 2022, 2023], [10, 14, 13, 18, 22], marker="s")
ax.set_title("Trend")
fig.savefig("trend.svg")
print("saved svg")
