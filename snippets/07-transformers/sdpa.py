# %% shapes
import math
import torch
import torch.nn.functional as F

B, T, d = 2, 5, 8                      # batch, sequence length, head dimension
q, k, v = torch.randn(3, B, T, d).unbind(0)   # three (B, T, d) tensors

# %% from-scratch
def attention(q, k, v, mask=None):
    """softmax(q kᵀ/√d) v; mask: bool, True where a query MAY see a key."""
    d = q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)      # (..., T_q, T_k)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)              # each row sums to 1
    return weights @ v, weights                          # (..., T_q, d_v)

out, w = attention(q, k, v)
print("output", tuple(out.shape), " weights", tuple(w.shape))
print("row sums:", w.sum(dim=-1)[0])

# %% check
expected = F.scaled_dot_product_attention(q, k, v)
torch.testing.assert_close(out, expected)
print("allclose to F.scaled_dot_product_attention:",
      torch.allclose(out, expected, atol=1e-6))
print(f"largest difference: {(out - expected).abs().max().item():.1e}")

# %% why-scale
# q·k of random d-dim vectors has variance d: without 1/√d the scores grow
# with d and softmax saturates: one weight ≈ 1, the rest (and their gradients) ≈ 0.
for d_k in [4, 64, 1024]:
    q_, k_ = torch.randn(1000, 1, d_k), torch.randn(1000, 8, d_k)  # 8 keys/query
    s = (q_ * k_).sum(dim=-1)                                      # (1000, 8)
    raw = torch.softmax(s, dim=-1).max(dim=-1).values.mean()
    scaled = torch.softmax(s / math.sqrt(d_k), dim=-1).max(dim=-1).values.mean()
    var_scaled = (s / math.sqrt(d_k)).var()
    print(f"d={d_k:4d}  var: raw {s.var():6.1f}, scaled {var_scaled:.2f}"
          f"   mean top weight: raw {raw:.2f}, scaled {scaled:.2f}")
