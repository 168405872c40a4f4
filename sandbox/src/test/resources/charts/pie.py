import matplotlib.pyplot as plt

labels = ["Rent", "Food", "Transport", "Savings", "Other"]
amounts = [1200, 450, 180, 600, 270]
fig, ax = plt.subplots(figsize=(6, 6))
ax.pie(amounts, labels=labels, autopct="%1.1f%%", startangle=90)
ax.set_title("Monthly budget")
ax.axis("equal")
plt.savefig("budget.png")
