import matplotlib.pyplot as plt

months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
revenue = [10.2, 11.5, 13.1, 12.4, 14.8, 16.0]
margin = [21.0, 22.5, 20.1, 23.4, 24.0, 25.2]
fig, ax1 = plt.subplots()
ax1.bar(months, revenue, color="tab:blue", label="Revenue")
ax1.set_ylabel("Revenue (M USD)")
ax2 = ax1.twinx()
ax2.plot(months, margin, color="tab:red", marker="o", label="Margin")
ax2.set_ylabel("Margin (%)")
ax1.set_title("Revenue and margin")
fig.savefig("twin.png")
