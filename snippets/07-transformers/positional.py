# %% equivariance
import math
import torch
import torch.nn as nn

attn = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
x = torch.randn(1, 5, 8)                       # 5 tokens
perm = torch.tensor([3, 0, 4, 1, 2])           # shuffle the tokens
out, _ = attn(x, x, x)
out_shuffled, _ = attn(x[:, perm], x[:, perm], x[:, perm])
torch.testing.assert_close(out_shuffled, out[:, perm])
print("shuffling the input only shuffles the output: attention ignores order")

# %% sinusoidal
def sinusoidal_encoding(n_positions, d_model):
    pos = torch.arange(n_positions).unsqueeze(1)              # (P, 1)
    i = torch.arange(0, d_model, 2)                           # even dimensions
    freq = torch.exp(-math.log(10000.0) * i / d_model)        # 10000^(-i/d), i = 0, 2, 4, ...
    pe = torch.zeros(n_positions, d_model)
    pe[:, 0::2] = torch.sin(pos * freq)
    pe[:, 1::2] = torch.cos(pos * freq)
    return pe

pe = sinusoidal_encoding(100, 64)
print("pe", tuple(pe.shape), " values in", (pe.min().item(), pe.max().item()))

# %% plot
import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.6), width_ratios=[1.1, 1])
im = left.imshow(pe.T, aspect="auto", cmap="RdBu_r", origin="lower")
left.set_xlabel("position", fontsize=15)
left.set_ylabel("dimension", fontsize=15)
left.set_title("sinusoidal encoding (d = 64)", fontsize=16)
left.tick_params(labelsize=15)
fig.colorbar(im, ax=left).ax.tick_params(labelsize=15)
for dim in [4, 12, 24, 40]:
    right.plot(pe[:, dim], lw=2.2, label=f"dim {dim}")
right.set_xlabel("position", fontsize=15)
right.set_title("one curve per dimension", fontsize=16)
right.tick_params(labelsize=15)
right.legend(fontsize=15, loc="upper center", ncols=2, handlelength=1.2, columnspacing=1.0)
right.set_ylim(-1.2, 2.1)
right.set_yticks([-1, -0.5, 0, 0.5, 1])
plt.tight_layout()
plt.show()

# %% relative
# PE[p] · PE[p + k] depends on the offset k, not on where p is: sum of cos(k·freq).
for k in [1, 5, 20]:
    dots = [round((pe[p] @ pe[p + k]).item(), 3) for p in (0, 10, 50)]
    print(f"offset {k:2d}: PE[p]·PE[p+{k}] for p = 0, 10, 50 ->", dots)
