import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"team": ["a"] * 6 + ["b"] * 6,
                   "score": [3, 5, 4, 6, 5, 30, 7, 8, 6, 9, 8, 7]})
groups = [g["score"].values for _, g in df.groupby("team")]
plt.boxplot(groups, tick_labels=["Team A", "Team B"], orientation="horizontal")
plt.title("Scores")
plt.xlabel("Score")
plt.savefig("scores.png")
