# The generator loop from issue 8: pure eval-loop work, no C library help.
print(sum(i * i for i in range(200000)))
