rows = [3, 0]
print(rows[0] / rows[1])
