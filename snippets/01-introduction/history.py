# %% events
events = [  # (year, label, x of the label, height of the label above/below the axis)
    (1943, "McCulloch–Pitts\nneuron", 1943, 1.3), (1949, "Hebb's\nrule", 1950, -1.3),
    (1958, "perceptron", 1959, 1.3), (1969, "Minsky–Papert:\nXOR", 1969, -1.3),
    (1986, "backprop", 1986, 1.3), (2006, "deep belief\nnets", 1999, -1.3),
    (2011, "ReLU", 2004, 3.2), (2012, "AlexNet", 2007, -3.6),
    (2015, "ResNet", 2013, 1.3), (2016, "AlphaGo", 2016.5, -3.6),
    (2017, "Transformer\n(deck 07)", 2024, -1.3), (2018, "Turing\nAward", 2023, 3.2),
]

# %% timeline
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(12, 5.2))
ax.axvspan(1970, 1985, color="tab:blue", alpha=0.12)
ax.text(1977.5, 1.5, "neural-\nnetwork\n\"winter\"", ha="center", fontsize=15)
ax.axhline(0, color="black", lw=1.5)
for year, label, x_label, h in events:
    ax.plot([year, x_label], [0, h], color="gray", lw=1)
    ax.plot(year, 0, "o", color="tab:red", ms=8)
    ax.text(x_label, h, f"{year}\n{label}", ha="center", fontsize=15,
            va="bottom" if h > 0 else "top")
ax.set(xlim=(1936, 2030), ylim=(-6.2, 5.8), yticks=[])
ax.tick_params(labelsize=15)
ax.spines[["left", "right", "top"]].set_visible(False)
plt.tight_layout()
plt.show()

# %% imagenet
years = [2010, 2011, 2012, 2013, 2014, 2015]
top5_error = [28.2, 25.8, 16.4, 11.7, 6.7, 3.57]    # ILSVRC winners, %
winners = ["NEC", "XRCE", "AlexNet", "ZFNet", "GoogLeNet", "ResNet"]

fig, ax = plt.subplots(figsize=(6.4, 6.4))
bars = ax.barh(winners[::-1], top5_error[::-1],
               color=(["gray"] * 2 + ["tab:orange"] * 4)[::-1])
labels = [f"{err}% ({year})" for err, year in zip(top5_error, years)][::-1]
ax.bar_label(bars, labels=labels, fontsize=16, padding=4)
ax.set_xlim(0, 42)
ax.set_xlabel("top-5 error (%)", fontsize=16)
ax.tick_params(labelsize=16)
ax.set_title("ILSVRC winners: hand-made features\n(gray) vs deep nets (orange)", fontsize=16)
ax.spines[["right", "top"]].set_visible(False)
plt.tight_layout()
plt.show()
