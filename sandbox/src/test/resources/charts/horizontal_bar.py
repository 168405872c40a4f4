import matplotlib.pyplot as plt

languages = ["Python", "JavaScript", "Java", "Go", "Rust"]
share = [31.4, 24.9, 15.2, 8.7, 5.1]
plt.figure(figsize=(8, 4))
plt.barh(languages, share, color="#55a868")
plt.xlabel("Share of respondents (%)")
plt.title("Most used languages")
plt.gca().invert_yaxis()
plt.savefig("languages.png")
