# A little pure-Python work (CI's benchmark smoke check).
print(sum(i * i for i in range(2000)))
