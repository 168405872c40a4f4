# expect-status: SUCCEEDED
# expect-artifacts:
# expect-stdout: mean 5.5
import statistics

import numpy as np
import pandas as pd

values = list(range(1, 11))
s = pd.Series(values)
print("mean", s.mean())
print("median", statistics.median(values))
print("std", round(float(np.std(values)), 3))
print(s.describe().to_string())
