# %% mcp
import numpy as np

def mcp_neuron(inputs, threshold):      # fires iff enough inputs are on
    return int(np.sum(inputs) >= threshold)

print("x1 x2 | AND (θ=2)  OR (θ=1)")
for x in [(0, 0), (0, 1), (1, 0), (1, 1)]:
    print(f"{x[0]:2} {x[1]:2} | {mcp_neuron(x, 2):6} {mcp_neuron(x, 1):9}")

# %% step
import matplotlib.pyplot as plt

z = np.linspace(-4, 4, 401)
fig, ax = plt.subplots(figsize=(6.4, 6))
ax.plot(z, np.heaviside(z, 0), lw=3, label="step: perceptron (1958)")
ax.plot(z, 1 / (1 + np.exp(-z)), "--", lw=3, label="sigmoid: backprop (1986)")
ax.plot(z, np.maximum(z, 0), ":", lw=3, label="ReLU (2011)")
ax.set(ylim=(-0.1, 1.6))
ax.set_xlabel("z = w·x + b", fontsize=16)
ax.set_ylabel("activation", fontsize=16)
ax.legend(fontsize=14, loc="upper left")
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %% diagram
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

def node(ax, xy, text, color="#dbe9f6", r=0.42, size=20):
    ax.add_patch(Circle(xy, r, fc=color, ec="#1f3b57", lw=2))
    ax.text(*xy, text, ha="center", va="center", fontsize=size)

def arrow(ax, start, end, label=None, offset=(0, 0.25)):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=22,
                                 lw=2, color="#1f3b57"))
    if label:
        mid = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
        ax.text(*mid, label, ha="center", va="center", fontsize=18, color="tab:red")

fig, ax = plt.subplots(figsize=(6.4, 4.6))
inputs = [(0.6, 4.2), (0.6, 2.6), (0.6, 1.0)]
for k, xy in enumerate(inputs, start=1):
    node(ax, xy, f"$x_{k}$")
    arrow(ax, (1.05, xy[1]), (3.1, 2.6 + (xy[1] - 2.6) * 0.15), f"$w_{k}$",
          offset=(-0.2, 0.32 if xy[1] >= 2.6 else -0.32))
node(ax, (3.6, 2.6), "$\\Sigma$", color="#fde0c5", r=0.5, size=24)
ax.text(3.6, 1.6, "$+\\,b$", ha="center", fontsize=18)
arrow(ax, (4.1, 2.6), (4.9, 2.6), "$z$")
ax.add_patch(FancyBboxPatch((4.95, 2.05), 1.2, 1.1, boxstyle="round,pad=0.05",
                            fc="#e6f2e6", ec="#1f3b57", lw=2))
ax.plot([5.1, 5.55, 5.55, 6.0], [2.3, 2.3, 2.9, 2.9], lw=3, color="tab:green")
arrow(ax, (6.25, 2.6), (7.1, 2.6))
ax.text(7.3, 2.6, "$\\hat y$", fontsize=24, va="center")
ax.text(3.6, 4.6, "weighted sum", ha="center", fontsize=16)
ax.text(5.55, 3.5, "step", ha="center", fontsize=16)
ax.set(xlim=(0, 7.9), ylim=(0.2, 5.2), aspect="equal")
ax.axis("off")
plt.tight_layout()
plt.show()
