import matplotlib.pyplot as plt
plt.plot([1, 2])
for i in range(50):
    plt.savefig(f'chart_{i}.png')
