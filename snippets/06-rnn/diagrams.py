# %% helpers
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

def box(ax, x, y, w, h, text, color="#cfe2f3", fontsize=20):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                                fc=color, ec="black", lw=1.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)

def node(ax, x, y, text, r=0.28, color="white", fontsize=20):
    ax.add_patch(Circle((x, y), r, fc=color, ec="black", lw=1.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)

def arrow(ax, start, end, color="black", style="-|>", lw=2.0, **kw):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=20,
                                 color=color, lw=lw, shrinkA=0, shrinkB=0, **kw))

def canvas(width, height, figsize):
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax

# %% unrolled
fig, ax = canvas(14, 5.2, figsize=(12, 5.0))
ax.set_ylim(-0.7, 5.2)
# folded: one cell with a loop back into itself
box(ax, 1.3, 2.6, 1.4, 1.0, "RNN")
arrow(ax, (1.3, 0.75), (1.3, 2.1))
arrow(ax, (1.3, 3.1), (1.3, 4.4))
ax.text(1.3, 0.45, "$x_t$", ha="center", va="center", fontsize=20)
ax.text(1.3, 4.75, "$h_t$", ha="center", va="center", fontsize=20)
arrow(ax, (2.0, 2.85), (2.0, 2.35), color="#a61c00", connectionstyle="arc3,rad=-2.2")
ax.text(2.4, 3.35, "$W_{hh}$", ha="center", fontsize=18, color="#a61c00")
ax.text(3.2, 2.6, "=", ha="center", va="center", fontsize=34)
# unrolled: the same cell (same weights) copied once per time step
xs = [5.0, 7.5, 10.0, 12.5]
arrow(ax, (3.7, 2.6), (xs[0] - 0.7, 2.6))
ax.text(3.7, 3.0, "$h_0$", ha="left", fontsize=18)
for t, x in enumerate(xs, start=1):
    box(ax, x, 2.6, 1.4, 1.0, "RNN")
    arrow(ax, (x, 0.75), (x, 2.1))
    arrow(ax, (x, 3.1), (x, 4.4))
    ax.text(x, 0.45, f"$x_{t}$", ha="center", va="center", fontsize=20)
    ax.text(x, 4.75, f"$h_{t}$", ha="center", va="center", fontsize=20)
    if t < len(xs):
        arrow(ax, (x + 0.7, 2.6), (xs[t] - 0.7, 2.6), color="#a61c00")
        ax.text((x + xs[t]) / 2, 2.85, f"$h_{t}$", ha="center", fontsize=18, color="#a61c00")
ax.text(8.75, -0.35, "one cell, the same $W_{ih}, W_{hh}, b$ at every step", ha="center",
        fontsize=18, style="italic")
plt.tight_layout()
plt.show()

# %% lstm-cell
fig, ax = canvas(12, 7, figsize=(8.8, 5.1))
ax.add_patch(FancyBboxPatch((1.2, 0.9), 9.6, 5.0, boxstyle="round,pad=0.05,rounding_size=0.3",
                            fc="#f3f3f3", ec="0.4", lw=1.5))
# the cell-state "conveyor belt" along the top
y_c = 5.2
arrow(ax, (0.1, y_c), (3.02, y_c), lw=3)
node(ax, 3.3, y_c, "×", color="#fce5cd")
arrow(ax, (3.58, y_c), (6.02, y_c), lw=3)
node(ax, 6.3, y_c, "+", color="#fce5cd")
arrow(ax, (6.58, y_c), (11.9, y_c), lw=3)
ax.text(0.1, y_c + 0.35, "$c_{t-1}$", fontsize=26)
ax.text(11.2, y_c + 0.35, "$c_t$", fontsize=26)
# input: h_{t-1} and x_t concatenated, fed to the four gates
y_in = 1.6
arrow(ax, (0.1, y_in), (8.6, y_in), style="-", lw=2)
ax.text(0.1, y_in + 0.3, "$h_{t-1}$", fontsize=26)
arrow(ax, (2.0, 0.1), (2.0, y_in), style="-", lw=2)
ax.text(2.2, 0.15, "$x_t$", fontsize=26)
gates = [(3.3, "$\\sigma$", "$f_t$"), (4.8, "$\\sigma$", "$i_t$"),
         (6.3, "tanh", "$g_t$"), (8.6, "$\\sigma$", "$o_t$")]
for x, label, name in gates:
    arrow(ax, (x, y_in), (x, 2.3))
    box(ax, x, 2.75, 1.25, 0.8, label, color="#d9ead3", fontsize=22)
    ax.text(x + (0.6 if name != "$o_t$" else -0.75), 3.25, name, fontsize=26, color="#38761d")
arrow(ax, (3.3, 3.15), (3.3, y_c - 0.28))                      # f_t gates the old memory
node(ax, 5.55, 4.1, "×", color="#fce5cd")
arrow(ax, (4.8, 3.15), (5.3, 3.95))                             # i_t ...
arrow(ax, (6.3, 3.15), (5.8, 3.95))                             # ... times g_t
arrow(ax, (5.75, 4.3), (6.12, y_c - 0.22))                      # written into c_t
# output: h_t = o_t * tanh(c_t)
box(ax, 9.8, 4.1, 1.2, 0.6, "tanh", color="#fce5cd", fontsize=20)
arrow(ax, (9.8, y_c), (9.8, 4.4))
node(ax, 9.8, 2.75, "×", color="#fce5cd")
arrow(ax, (9.8, 3.8), (9.8, 3.03))
arrow(ax, (9.23, 2.75), (9.52, 2.75))
arrow(ax, (10.08, 2.75), (11.9, 2.75), lw=3)
ax.text(11.2, 3.05, "$h_t$", fontsize=26)
ax.text(6.0, 6.3, "memory $c$ along the top: changed only by × and +",
        ha="center", fontsize=22)
plt.tight_layout()
plt.show()

# %% gru-cell
fig, ax = canvas(12, 7.4, figsize=(7.4, 4.6))
ax.add_patch(FancyBboxPatch((1.2, 0.9), 9.6, 4.6, boxstyle="round,pad=0.05,rounding_size=0.3",
                            fc="#f3f3f3", ec="0.4", lw=1.5))
# the state h runs along the top: h_t = z * h_{t-1} + (1 - z) * n
y_h = 4.8
arrow(ax, (0.1, y_h), (7.02, y_h), lw=3)
node(ax, 7.3, y_h, "×", color="#fce5cd", fontsize=22)            # z * h_{t-1}
arrow(ax, (7.58, y_h), (8.82, y_h), lw=3)
node(ax, 9.1, y_h, "+", color="#fce5cd", fontsize=22)
arrow(ax, (9.38, y_h), (11.9, y_h), lw=3)
ax.text(0.1, y_h + 0.35, "$h_{t-1}$", fontsize=26)
ax.text(11.1, y_h + 0.35, "$h_t$", fontsize=26)
# inputs to the gates
y_in = 1.5
arrow(ax, (2.0, y_h), (2.0, y_in), style="-", lw=2)
arrow(ax, (2.0, y_in), (7.25, y_in), style="-", lw=2)
arrow(ax, (2.6, 0.1), (2.6, y_in), style="-", lw=2)
ax.text(2.8, 0.15, "$x_t$", fontsize=26)
for x, width, label in [(3.3, 1.5, "$z_t$: $\\sigma$"), (5.0, 1.5, "$r_t$: $\\sigma$"),
                        (7.25, 2.3, "$n_t$: tanh")]:
    arrow(ax, (x, y_in), (x, 2.15))
    box(ax, x, 2.6, width, 0.9, label, color="#d9ead3", fontsize=22)
arrow(ax, (5.75, 2.6), (6.1, 2.6), color="#38761d", lw=2)            # r_t enters n_t
arrow(ax, (3.3, 3.05), (7.3, y_h - 0.28), connectionstyle="arc3,rad=-0.2")   # z_t keeps h
node(ax, 9.1, 3.5, "×", color="#fce5cd", fontsize=22)                # (1 - z) * n
arrow(ax, (8.4, 2.85), (8.87, 3.33))
arrow(ax, (3.6, 3.05), (8.82, 3.6), connectionstyle="arc3,rad=-0.25", ls="--")
ax.text(9.4, 2.9, "$1 - z_t$", fontsize=22)
arrow(ax, (9.1, 3.78), (9.1, y_h - 0.28))
ax.text(6.0, 5.95, "state $h$ along the top: keep it ($z$)\nor replace it ($1 - z$)",
        ha="center", va="bottom", fontsize=22, linespacing=1.3)
plt.tight_layout()
plt.show()
