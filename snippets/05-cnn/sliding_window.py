# %% diagram
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle

plt.rcParams.update({"font.size": 16})
x = torch.randint(0, 4, (5, 5)).float()
w = torch.tensor([[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]])
y = F.conv2d(x.view(1, 1, 5, 5), w.view(1, 1, 3, 3))[0, 0]
i, j = 1, 2                                    # the window shown

def grid(ax, values, x0, title, cell_colour):
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((x0 + c, -r - 1), 1, 1, fc=cell_colour(r, c),
                                   ec="#555", lw=1))
            ax.text(x0 + c + 0.5, -r - 0.5, f"{values[r, c]:g}",
                    ha="center", va="center", fontsize=17)
    ax.text(x0 + cols / 2, 0.45, title, ha="center", fontsize=18, weight="bold")

fig, ax = plt.subplots(figsize=(12, 4.8))
inside = lambda r, c: i <= r < i + 3 and j <= c < j + 3
grid(ax, x, 0, "input 5×5", lambda r, c: "#ffd8a8" if inside(r, c) else "white")
grid(ax, w, 7, "kernel 3×3", lambda r, c: "#d0ebff")
grid(ax, y, 12.5, "output 3×3",
     lambda r, c: "#b2f2bb" if (r, c) == (i, j) else "white")
ax.add_patch(Rectangle((j, -i - 3), 3, 3, fill=False, ec="#e8590c", lw=4))
ax.text(5.9, -2.5, "⊙", ha="center", va="center", fontsize=30)
ax.text(11.25, -2.5, "Σ →", ha="center", va="center", fontsize=24)
ax.text(7.9, -5.9, f"y[{i},{j}] = sum(window × kernel) = {y[i, j]:g}",
        ha="center", fontsize=17, color="#c2410c")
ax.set_xlim(-0.3, 15.8)
ax.set_ylim(-6.3, 1)
ax.set_aspect("equal")
ax.axis("off")
plt.tight_layout()
plt.show()
