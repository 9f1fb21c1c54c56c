# %% events
events = [  # (year, label, height of the label above/below the axis)
    (1943, "McCulloch–Pitts\nneuron", 1.2), (1949, "Hebb's rule", -1.2),
    (1958, "Rosenblatt's\nperceptron", 1.9), (1969, "Minsky–Papert:\nXOR", -1.2),
    (1986, "backprop\n(Rumelhart et al.)", 1.2), (2006, "deep belief\nnets", -1.2),
    (2011, "ReLU", 2.4), (2012, "AlexNet", -2.6), (2015, "ResNet", 1.2),
    (2016, "AlphaGo", -1.2), (2018, "Turing\nAward", 2.4),
]

# %% timeline
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(11, 4.5))
ax.axvspan(1970, 1985, color="tab:blue", alpha=0.12)
ax.text(1977.5, 0.4, "neural-network\n\"winter\"", ha="center", fontsize=13)
ax.axhline(0, color="black", lw=1.5)
for year, label, h in events:
    ax.plot([year, year], [0, h], color="gray", lw=1)
    ax.plot(year, 0, "o", color="tab:red", ms=7)
    ax.text(year, h, f"{year}\n{label}", ha="center", fontsize=10,
            va="bottom" if h > 0 else "top")
ax.set(xlim=(1938, 2023), ylim=(-4, 4), yticks=[])
ax.tick_params(labelsize=14)
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
ax.bar_label(bars, labels=labels, fontsize=15, padding=4)
ax.set_xlim(0, 40)
ax.set_xlabel("top-5 error (%)", fontsize=16)
ax.tick_params(labelsize=16)
ax.set_title("ILSVRC winners: hand-made features\n(gray) vs deep nets (orange)", fontsize=16)
ax.spines[["right", "top"]].set_visible(False)
plt.tight_layout()
plt.show()
