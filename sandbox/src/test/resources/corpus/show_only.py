# expect-status: SUCCEEDED
# expect-artifacts: figure_1.png
# expect-stdout: shown
import matplotlib.pyplot as plt

plt.plot([1, 2, 3, 4], [1, 4, 9, 16], marker="o")
plt.title("Squares")
plt.show()
print("shown")
