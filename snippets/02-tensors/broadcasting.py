# %% grid
import torch

col = torch.arange(3).reshape(3, 1)  # (3, 1)
row = torch.arange(4) * 10           # (4,)
grid = col + row                     # (3, 4)
print(grid.shape)
print(grid)

# %% shapes-plot
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle


def draw_shape(ax, top, shape, label, color):
    """One row of boxes, right-aligned: the axes of a shape, as broadcasting sees them."""
    for k, size in enumerate(reversed(shape)):
        x = 3 - k                                   # right-aligned columns
        ax.add_patch(Rectangle((x, top), 0.9, 0.8, fc=color, ec="#1f3b57", lw=2))
        ax.text(x + 0.45, top + 0.4, str(size), ha="center", va="center", fontsize=22)
    ax.text(1.8, top + 0.4, label, ha="right", va="center", fontsize=18)


fig, ax = plt.subplots(figsize=(4.4, 5.6))
draw_shape(ax, 3.0, (3, 1), "col", "#dbe9f6")
draw_shape(ax, 2.0, (4,), "row", "#fde0c5")
ax.add_patch(Rectangle((2, 2.0), 0.9, 0.8, fc="none", ec="gray", lw=2, ls="--"))
ax.text(2.45, 2.4, "1", ha="center", va="center", fontsize=22, color="gray")
ax.plot([0.3, 4.1], [1.75, 1.75], color="black", lw=2)
draw_shape(ax, 0.75, tuple(grid.shape), "col + row", "#e6f2e6")
ax.text(2.45, 3.95, "3 vs 1\n→ 3", ha="center", fontsize=15)
ax.text(3.45, 3.95, "1 vs 4\n→ 4", ha="center", fontsize=15)
ax.text(2.45, -0.05, "dashed: a missing axis\ncounts as size 1", ha="center",
        va="top", fontsize=15, color="gray")
ax.set(xlim=(-0.4, 4.3), ylim=(-1.2, 4.8), aspect="equal")
ax.axis("off")
plt.tight_layout()
plt.show()

# %% stretched
col_big, row_big = torch.broadcast_tensors(col, row)   # what the addition sees
print(col_big.shape, col_big.stride())                 # stride 0 along axis 1
print(row_big.shape, row_big.stride())                 # stride 0 along axis 0

# %% draw-helper
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle


def show_grid(ax, values, title, stored_shape):
    """Heatmap with numbers; a red frame around the values really stored."""
    ax.imshow(values, cmap="Blues", vmin=-10, vmax=45)
    for (i, j), value in np.ndenumerate(values.numpy()):
        ax.text(j, i, value, ha="center", va="center", fontsize=15)
    height, width = stored_shape
    frame = Rectangle((-0.5, -0.5), width, height, fill=False, lw=3, ec="tab:red")
    ax.add_patch(frame)
    ax.set_title(title, fontsize=15)
    ax.axis("off")


# %% heatmaps
fig, axes = plt.subplots(1, 3, figsize=(9, 2.9))
show_grid(axes[0], col_big, "col (3, 1)", (3, 1))
show_grid(axes[1], row_big, "row (4,)", (1, 4))
show_grid(axes[2], grid, "col + row", (3, 4))
plt.tight_layout()
plt.show()

# %% pitfall
target = torch.tensor([1.0, 2.0, 3.0])            # shape (3,)
pred = torch.tensor([[1.0], [2.0], [3.0]])        # shape (3, 1): a model's output
print((pred - target).shape)                      # silently (3, 3)!
print(((pred - target) ** 2).mean())              # a wrong loss
print(((pred.squeeze(1) - target) ** 2).mean())   # the intended one

# %% expand-repeat
base_row = torch.tensor([1, 2, 3])
expanded = base_row.expand(2, 3)    # a view: stride 0 along the new axis
repeated = base_row.repeat(2, 1)    # a copy: the numbers written twice
print(expanded.stride(), repeated.stride())
base_row[0] = 100                   # write into the original
print(expanded)
print(repeated)
