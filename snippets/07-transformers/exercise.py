# %% setup
import torch
import torch.nn.functional as F

# %% build-mask-exercise
def build_mask(lengths, T):
    """(B, T, T) bool: True where query i may attend key j,
    i.e. j <= i (causal) and j < lengths[b] (not padding)."""
    ...  # your code: two comparisons of torch.arange(T) and one &

# %% build-mask [solution]
def build_mask(lengths, T):
    """(B, T, T) bool: True where query i may attend key j,
    i.e. j <= i (causal) and j < lengths[b] (not padding)."""
    pos = torch.arange(T)
    causal = pos[None, :] <= pos[:, None]                   # (T, T): key <= query
    not_pad = pos[None, :] < lengths[:, None]               # (B, T): key is real
    return causal[None, :, :] & not_pad[:, None, :]

# %% check
lengths = torch.tensor([4, 2])
mask = build_mask(lengths, 4)
expected = torch.tensor([[[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]],
                         [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]]])
expected = expected.bool()
assert torch.equal(mask, expected), mask.int()
q, k, v = torch.randn(3, 2, 4, 8).unbind(0)
out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
print("build_mask is correct; attention output", tuple(out.shape), "has no NaN:",
      not out.isnan().any().item())
