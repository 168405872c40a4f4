import numpy as np
while True:
    np.sort(np.random.rand(200_000))
