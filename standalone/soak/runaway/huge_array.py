import numpy as np
huge = np.ones((12_000, 12_000))
