# %% setup
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

def attention(q, k, v, mask=None):
    """softmax(q kᵀ/√d) v; mask: bool, True where a query MAY see a key."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights

# %% padding
T = 5
lengths = torch.tensor([5, 3])                   # sequence 2 has 2 padding tokens
is_pad = torch.arange(T)[None, :] >= lengths[:, None]
print("is_pad (B, T):", is_pad.int().tolist())
may_attend = ~is_pad[:, None, :]                 # (B, 1, T): same for every query
x = torch.randn(2, T, 4)
out, w = attention(x, x, x, mask=may_attend)
print("weights, sequence 2 (rows: queries, cols: keys):\n", w[1].round(decimals=2))

# %% causal
causal = torch.ones(T, T, dtype=torch.bool).tril()   # query i sees keys 0..i
print("causal (True = may attend):\n", causal.int())
print("nn.Transformer's additive form:\n",
      nn.Transformer.generate_square_subsequent_mask(T))

# %% check
q, k, v = torch.randn(3, 2, T, 8).unbind(0)
sdpa = F.scaled_dot_product_attention
mine, _ = attention(q, k, v, mask=causal)
torch.testing.assert_close(mine, sdpa(q, k, v, is_causal=True))
both = causal & may_attend                       # (B, T, T) by broadcasting
mine, _ = attention(q, k, v, mask=both)
torch.testing.assert_close(mine, sdpa(q, k, v, attn_mask=both))
print("causal and padding+causal masks match F.scaled_dot_product_attention")

# %% figure
import matplotlib.pyplot as plt

panels = {"padding (sequence 2)": may_attend[1].expand(T, T),
          "causal": causal, "padding + causal": both[1]}
from matplotlib.colors import ListedColormap

fig, axes = plt.subplots(1, 3, figsize=(12, 4.4))
for ax, (title, m) in zip(axes, panels.items()):
    ax.imshow(m, cmap=ListedColormap(["#e8e8e8", "#8fc1e3"]), vmin=0, vmax=1)
    for i in range(T):
        for j in range(T):
            ax.text(j, i, "✓" if m[i, j] else "✗", ha="center", va="center", fontsize=18,
                    color="black" if m[i, j] else "0.55")
    ax.set_title(title, fontsize=17)
    ax.set_xticks(range(T))
    ax.set_yticks(range(T))
    ax.tick_params(labelsize=15)
    ax.set_xlabel("key position", fontsize=15)
axes[0].set_ylabel("query position", fontsize=15)
plt.tight_layout()
plt.show()
