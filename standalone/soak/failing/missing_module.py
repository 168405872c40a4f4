import seaborn
