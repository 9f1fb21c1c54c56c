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

# %% heads
B, T, d_model, n_heads = 2, 6, 16, 4
d_head = d_model // n_heads
x = torch.randn(B, T, d_model)
q = x.view(B, T, n_heads, d_head).transpose(1, 2)    # split d_model into heads
print("x      ", tuple(x.shape), "  (B, T, d_model)")
print("q heads", tuple(q.shape), "(B, heads, T, d_head)")
merged = q.transpose(1, 2).reshape(B, T, d_model)    # and merge back
print("merged ", tuple(merged.shape), " equal to x:", torch.equal(merged, x))

# %% module
class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.h = n_heads
        self.in_proj = nn.Linear(d_model, 3 * d_model)   # W_Q, W_K, W_V stacked
        self.out_proj = nn.Linear(d_model, d_model)      # W_O

    def forward(self, query, key, value, mask=None):
        B, T_q, d = query.shape
        w_q, w_k, w_v = self.in_proj.weight.chunk(3)
        b_q, b_k, b_v = self.in_proj.bias.chunk(3)
        def split(t):                            # (B, T, d) -> (B, h, T, d/h)
            return t.view(B, -1, self.h, d // self.h).transpose(1, 2)
        q = split(F.linear(query, w_q, b_q))
        k, v = split(F.linear(key, w_k, b_k)), split(F.linear(value, w_v, b_v))
        out, weights = attention(q, k, v, mask)          # every head at once
        out = out.transpose(1, 2).reshape(B, T_q, d)     # concatenate the heads
        return self.out_proj(out), weights

# %% copy-weights
reference = nn.MultiheadAttention(d_model, n_heads, batch_first=True)
mine = MultiHeadAttention(d_model, n_heads)
with torch.no_grad():
    mine.in_proj.weight.copy_(reference.in_proj_weight)  # (3·d_model, d_model)
    mine.in_proj.bias.copy_(reference.in_proj_bias)
mine.out_proj.load_state_dict(reference.out_proj.state_dict())

# %% compare
out, w = mine(x, x, x)
ref_out, ref_w = reference(x, x, x, average_attn_weights=False)
torch.testing.assert_close(out, ref_out)
torch.testing.assert_close(w, ref_w)
print("output ", tuple(out.shape), "matches nn.MultiheadAttention")
print("weights", tuple(w.shape), "matches, one (T, T) map per head")

# %% compare-masked
is_pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])  # True = padding
causal = torch.ones(T, T, dtype=torch.bool).tril()         # True = may attend
out, w = mine(x, x, x, mask=causal & ~is_pad[:, None, None, :])
ref_out, ref_w = reference(x, x, x, key_padding_mask=is_pad,   # True = ignore
                           attn_mask=~causal,                  # True = block
                           average_attn_weights=False)
torch.testing.assert_close(out, ref_out)
torch.testing.assert_close(w, ref_w)
print("with padding + causal masks: outputs and weights match")

# %% params
n = sum(p.numel() for p in reference.parameters())
print(f"nn.MultiheadAttention({d_model}, {n_heads}): {n} parameters")
