# %% helpers
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

def box(ax, x, y, w, h, text, color="#dce9f5", fontsize=16, **kw):
    """A rounded box centred at (x, y) with a label."""
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=color, edgecolor="#1d2733", lw=1.5))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, **kw)

def arrow(ax, start, end, lw=1.8, color="#1d2733", style="-|>", **kw):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=18,
                                 lw=lw, color=color, shrinkA=0, shrinkB=0, **kw))

def canvas(ax, xlim, ylim):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")

# %% bottleneck
src, tgt = ["the", "cat", "sat", "down"], ["die", "Katze", "saß"]
fig, axes = plt.subplots(1, 2, figsize=(12, 3.4))
for ax, title in zip(axes, ["seq2seq: one vector carries everything", "with attention: look back at every $h_i$"]):
    canvas(ax, (-0.6, 8.1), (-0.4, 3.2))
    ax.set_title(title, fontsize=16)
    for i, word in enumerate(src):
        box(ax, i * 1.1, 1.2, 0.8, 0.7, f"$h_{i + 1}$")
        ax.text(i * 1.1, 0.0, word, ha="center", fontsize=15)
        arrow(ax, (i * 1.1, 0.25), (i * 1.1, 0.83))
        if i:
            arrow(ax, (i * 1.1 - 0.68, 1.2), (i * 1.1 - 0.42, 1.2))
    for j, word in enumerate(tgt):
        x = 5.2 + j * 1.1
        box(ax, x, 1.2, 0.8, 0.7, f"$s_{j + 1}$", color="#fbe0d2")
        ax.text(x, 2.55, word, ha="center", fontsize=15)
        arrow(ax, (x, 1.57), (x, 2.45))
        if j:
            arrow(ax, (x - 0.68, 1.2), (x - 0.42, 1.2))
    arrow(ax, (3.72, 1.2), (4.78, 1.2), lw=4 if ax is axes[0] else 1.8, color="#d9622b")
axes[0].text(4.25, 0.55, "$c = h_4$", ha="center", fontsize=15, color="#d9622b")
for i, weight in enumerate([0.1, 0.75, 0.1, 0.05]):     # s_2 ("Katze") looks at "cat"
    axes[1].add_patch(FancyArrowPatch((i * 1.1, 1.57), (6.3, 1.57), connectionstyle="arc3,rad=-0.35",
                                      arrowstyle="-|>", mutation_scale=14, lw=1 + 8 * weight,
                                      color="#1f4e79", alpha=0.35 + 0.6 * weight))
axes[1].text(6.3, -0.1, "arrow width: weight $\\alpha_{2,i}$", ha="center", fontsize=15, color="#1f4e79")
plt.tight_layout()
plt.show()

# %% attention-flow
fig, ax = plt.subplots(figsize=(12, 3.3))
canvas(ax, (-0.2, 13.4), (-0.3, 3.2))
box(ax, 0.5, 2.3, 0.9, 0.7, "$Q$", color="#fbe0d2")
box(ax, 0.5, 0.5, 0.9, 0.7, "$K$", color="#fbe0d2")
box(ax, 9.3, 2.7, 0.9, 0.7, "$V$", color="#fbe0d2")
steps = [(2.4, "$QK^\\top$", "$T_q \\times T_k$"), (4.4, "$\\div\\sqrt{d}$", "scale"),
         (6.4, "mask", "$-\\infty$ where\nnot allowed"), (8.4, "softmax", "rows sum to 1"),
         (10.4, "$\\cdot\\, V$", "$T_q \\times d_v$")]
for x, label, note in steps:
    box(ax, x, 1.4, 1.5, 0.8, label, color="#dce9f5" if label != "mask" else "#eeeeee")
    ax.text(x, 0.65, note, ha="center", va="top", fontsize=15, color="#66717d")
for (x0, *_), (x1, *_) in zip(steps, steps[1:]):
    arrow(ax, (x0 + 0.75, 1.4), (x1 - 0.75, 1.4))
arrow(ax, (0.95, 2.3), (1.65, 1.6))
arrow(ax, (0.95, 0.5), (1.65, 1.2))
arrow(ax, (9.75, 2.7), (10.1, 1.8))
arrow(ax, (11.15, 1.4), (11.9, 1.4))
box(ax, 12.6, 1.4, 1.1, 0.8, "output", color="#d5ecd4", fontsize=15)
ax.text(6.4, 2.9, "optional: padding / causal", ha="center", fontsize=15, color="#66717d")
plt.tight_layout()
plt.show()

# %% encoder-block
fig, ax = plt.subplots(figsize=(5.4, 6.75))
canvas(ax, (-2.6, 3.4), (-0.4, 9.3))
box(ax, 0, 0.2, 3.9, 0.7, "embeddings + positions", color="#fbe0d2", fontsize=15)
layers = [(2.0, "multi-head\nself-attention", "#dce9f5", 1.1), (3.7, "add & LayerNorm", "#f3eccd", 0.6),
          (5.6, "feed-forward\n$d \\to 4d \\to d$", "#dce9f5", 1.1), (7.3, "add & LayerNorm", "#f3eccd", 0.6)]
for y, label, color, h in layers:
    box(ax, 0, y, 3.0, h, label, color=color, fontsize=15)
arrow(ax, (0, 0.55), (0, 1.45))
arrow(ax, (0, 2.55), (0, 3.4))
arrow(ax, (0, 4.0), (0, 5.05))
arrow(ax, (0, 6.15), (0, 7.0))
arrow(ax, (0, 7.6), (0, 8.7))
ax.text(0, 8.95, "to the next layer", ha="center", fontsize=15)
for y0, y1 in [(1.0, 3.7), (4.4, 7.3)]:                  # residual connections
    ax.plot([0, -1.95, -1.95], [y0, y0, y1], color="#d9622b", lw=2)
    arrow(ax, (-1.95, y1), (-1.5, y1), color="#d9622b", lw=2)
ax.text(-2.1, 2.35, "residual", rotation=90, ha="center", va="center", fontsize=15, color="#d9622b")
ax.plot([2.0, 2.2, 2.2, 2.0], [1.2, 1.2, 7.8, 7.8], color="#1d2733", lw=1.5)
ax.text(2.75, 4.5, "× N", fontsize=20, ha="center", va="center")
plt.tight_layout()
plt.show()
