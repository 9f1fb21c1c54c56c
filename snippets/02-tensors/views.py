# %% setup
import torch


def same_storage(a, b):
    """True when a and b look at the same block of memory."""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# %% view
x = torch.arange(6)
v = x.view(2, 3)               # same numbers, new shape
v[0, 0] = 100                  # write through the view…
print(x)                       # …and x changes too
print(same_storage(x, v))
print(x.view(3, -1).shape)     # -1: worked out from the rest
print(v.stride())              # steps in memory per axis
print(x[2:].storage_offset())  # x[2:] starts 2 numbers on

# %% memory-plot
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle


def boxes(ax, values, x0, y0, color, w=0.9):
    for k, value in enumerate(values):
        ax.add_patch(Rectangle((x0 + k, y0), w, 0.8, fc=color, ec="#1f3b57", lw=2))
        ax.text(x0 + k + w / 2, y0 + 0.4, str(value), ha="center", va="center", fontsize=16)


block = torch.arange(6)                  # x and v as made above, before the write
window = block.view(2, 3)
swapped = window.T.contiguous()          # a transpose made contiguous: a copy
fig, ax = plt.subplots(figsize=(6.4, 6.4))
for row in range(2):                     # the view: 2 rows of 3, same numbers
    boxes(ax, window[row].tolist(), 0.5, 5.6 - row, "#fde0c5")
    start = (0.5, 6.0) if row == 0 else (0.95, 4.6)    # where each row begins…
    ax.annotate("", xy=(3 * row + 0.45, 3.25), xytext=start,  # …in the storage
                arrowprops=dict(arrowstyle="-|>", lw=2.5, color="tab:red",
                                connectionstyle=f"arc3,rad={0.5 if row == 0 else 0}"))
ax.text(0.5, 6.65, "v = x.view(2, 3), stride (3, 1)", fontsize=16)
ax.text(2.6, 4.0, "row 1 starts 3 numbers on", fontsize=15, color="tab:red")
boxes(ax, block.tolist(), 0, 2.4, "#dbe9f6")
ax.text(0, 2.0, "storage of x and v: one block", fontsize=16, va="top")
boxes(ax, swapped.flatten().tolist(), 0, 0.3, "#e6f2e6")
ax.text(0, -0.1, "v.T.contiguous(): a new block, copied", fontsize=16, va="top")
ax.set(xlim=(-1.0, 6.3), ylim=(-0.9, 7.1), aspect="equal")
ax.axis("off")
plt.tight_layout()
plt.show()
print("v and v.T.contiguous() share memory:", same_storage(window, swapped))

# %% reshape
m = torch.arange(6).reshape(2, 3)
t = m.T                          # transpose: a view, not contiguous
print(t.is_contiguous(), t.stride())
r = t.reshape(6)                 # reshape copies when it must…
print(r, same_storage(r, t))
print(same_storage(m.reshape(3, 2), m))   # …and views when it can

# %% view-error [raises=RuntimeError]
s = t.view(3, 1, 2)              # fits t's strides (1, 3): a view
print(s.shape, same_storage(s, t))
t.view(6)                        # row order would need a copy: refused

# %% contiguous
c = t.contiguous()               # copy into row-major order
print(c.is_contiguous(), c.stride(), same_storage(c, t))
print(c.view(6))                 # now view works
print(m.contiguous() is m)       # already contiguous: no copy

# %% squeeze
z = torch.zeros(3, 1, 4)
print(z.squeeze().shape)         # drop every size-1 axis
print(z.squeeze(1).shape)        # drop axis 1 only
vec = torch.tensor([1.0, 2.0, 3.0])
print(vec.unsqueeze(0).shape)    # a row: (1, 3)
print(vec.unsqueeze(1).shape)    # a column: (3, 1)
print(vec[None, :].shape, vec[:, None].shape)

# %% permute
img = torch.zeros(32, 48, 3)        # height, width, channels
chw = img.permute(2, 0, 1)          # channels first, as PyTorch layers expect
print(chw.shape)
print(img.transpose(0, 1).shape)    # swap two axes
print(img.stride(), chw.stride())   # same memory, reordered strides
print(same_storage(img, chw), chw.is_contiguous())

# %% clone
w = torch.ones(3, requires_grad=True)
c = w.clone().detach()          # own memory, no autograd history
c[0] = 5.0
print(w)
print(c, c.requires_grad, same_storage(c, w))
d = w.detach()                  # no history, but shares memory with w
print(same_storage(d, w))
