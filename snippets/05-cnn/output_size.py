# ---
# lecture:
#   smoke: {N_STEP: 9}
# ---
# %% params
N_STEP = 3                      # input lengths 1, 1 + N_STEP, ... < 30 in the sweep

# %% formula
import itertools

import torch
import torch.nn.functional as F

def conv_out(n, k, p=0, s=1, d=1):        # length n, kernel k, padding p, stride s, dilation d
    return (n + 2 * p - d * (k - 1) - 1) // s + 1

def torch_out(n, k, p=0, s=1, d=1):
    x, w = torch.zeros(1, 1, n), torch.zeros(1, 1, k)
    return F.conv1d(x, w, padding=p, stride=s, dilation=d).shape[-1]

# %% table
settings = [(28, 3, 0, 1, 1), (28, 3, 1, 1, 1), (28, 3, 1, 2, 1), (28, 3, 2, 1, 2),
            (224, 11, 2, 4, 1), (10, 4, 1, 3, 2), (5, 5, 0, 1, 1)]       # (n, k, p, s, d)
print("   n   k   p   s   d | formula | PyTorch")
for n, k, p, s, d in settings:
    ours, theirs = conv_out(n, k, p, s, d), torch_out(n, k, p, s, d)
    assert ours == theirs
    print(f"{n:4d}{k:4d}{p:4d}{s:4d}{d:4d} | {ours:7d} | {theirs:7d}")

# %% sweep
checked = 0
grid = itertools.product(range(1, 30, N_STEP), range(1, 8), range(4), range(1, 5),
                         range(1, 4))                 # n, k, p, s, d
for n, k, p, s, d in grid:
    if conv_out(n, k, p, s, d) < 1:
        continue                  # PyTorch rejects settings with an empty output
    assert conv_out(n, k, p, s, d) == torch_out(n, k, p, s, d), (n, k, p, s, d)
    checked += 1
print(f"formula == PyTorch on all {checked} valid settings")

# %% two-d
x = torch.randn(1, 3, 64, 48)              # per axis: (height, width)
w = torch.randn(16, 3, 5, 3)
y = F.conv2d(x, w, padding=(2, 1), stride=(2, 1), dilation=(1, 2))
print(tuple(y.shape), "formula:", conv_out(64, 5, 2, 2, 1), conv_out(48, 3, 1, 1, 2))

# %% same
print(tuple(F.conv2d(x, w, padding="same").shape))   # stride 1 only: output H, W = input

# %% diagram
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

plt.rcParams.update({"font.size": 17})
cases = [("k=3", dict(k=3)), ("k=3, p=1", dict(k=3, p=1)),
         ("k=3, s=2", dict(k=3, s=2)), ("k=3, d=2", dict(k=3, d=2))]
n = 7
fig, axes = plt.subplots(len(cases), 1, figsize=(6.4, 8.6))
for ax, (label, kw) in zip(axes, cases):
    p, s, d, k = kw.get("p", 0), kw.get("s", 1), kw.get("d", 1), kw["k"]
    for c in range(-p, n + p):                     # padding cells are grey and dashed
        pad = c < 0 or c >= n
        ax.add_patch(Rectangle((c, 0), 1, 1, fc="#e9ecef" if pad else "white",
                               ec="#868e96", ls="--" if pad else "-", lw=1.2))
        ax.text(c + 0.5, 0.5, "0" if pad else f"x{c}", ha="center", va="center",
                fontsize=17, color="#868e96" if pad else "black")
    for out, colour, lift in ((0, "#e8590c", 1.35), (1, "#1971c2", 1.95)):
        taps = [out * s - p + t * d for t in range(k)]
        ax.plot([t + 0.5 for t in taps], [lift] * k, "o-", color=colour, ms=9, lw=2.5)
    m = conv_out(n, k, p, s, d)
    assert m == torch_out(n, k, p, s, d)
    ax.set_title(f"{label}:  n={n} → {m} outputs", loc="left", fontsize=17)
    ax.set_xlim(-1.3, n + 1.3)
    ax.set_ylim(-0.2, 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
plt.tight_layout(rect=(0, 0.08, 1, 0.92))   # a margin above and below
fig.patch.set_alpha(0)                      # transparent background
plt.show()
