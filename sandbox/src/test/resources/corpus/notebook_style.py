# expect-status: SUCCEEDED
# expect-artifacts: figure_1.png
# expect-stdout: Oslo
# expect-stdout: 2.5
%matplotlib inline
# A notebook cell as models write it: magics, a desktop backend, pip for what is there, display(), show().
!pip install -q pandas matplotlib
import matplotlib
matplotlib.use("TkAgg")
import matplotlib.pyplot as plt
import pandas as pd

plt.switch_backend("Qt5Agg")
df = pd.DataFrame({"city": ["Oslo", "Lima", "Pune"], "total": [1.5, 2.0, 2.5]})
display(df)
df.plot.bar(x="city", y="total", legend=False)
plt.title("Totals by city")
plt.show()
