# expect-status: FAILED
# expect-error: KeyError
# expect-stderr: KeyError: 'revenue'
import pandas as pd

df = pd.DataFrame({"sales": [1, 2, 3]})
total = df["revenue"].sum()
print(total)
