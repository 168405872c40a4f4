# expect-status: SUCCEEDED
# expect-artifacts: charts_line-2.png charts_line.png
import os
# Images saved in a subdirectory come back under flat names; a file of the working directory keeps its own.
import matplotlib.pyplot as plt

os.makedirs("charts", exist_ok=True)
plt.plot([1, 2, 3], [2, 4, 3])
plt.savefig("charts/line.png")
plt.savefig("charts_line.png")
