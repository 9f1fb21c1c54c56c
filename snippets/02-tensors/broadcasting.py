# %% grid
import torch

col = torch.arange(3).reshape(3, 1)      # shape (3, 1)
row = torch.arange(4) * 10               # shape (4,)
grid = col + row                         # (3, 1) with (4,) → (3, 4)
print(grid.shape)
print(grid)

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

# %% standardize
X = torch.tensor([[1.0, 200.0], [2.0, 300.0], [3.0, 400.0]])   # 3 × 2
mean = X.mean(dim=0)                  # shape (2,)
std = X.std(dim=0)                    # shape (2,)
Z = (X - mean) / std                  # (3, 2) with (2,) → (3, 2)
print(mean, std)
print(Z)

# %% mismatch [raises=RuntimeError]
torch.ones(3, 2) + torch.ones(3)      # last axes: 2 against 3

# %% pitfall
target = torch.tensor([1.0, 2.0, 3.0])            # shape (3,)
pred = torch.tensor([[1.0], [2.0], [3.0]])        # shape (3, 1): a model's output
print((pred - target).shape)                      # silently (3, 3)!
print(((pred - target) ** 2).mean())              # a wrong loss
print(((pred.squeeze(1) - target) ** 2).mean())   # the intended one
