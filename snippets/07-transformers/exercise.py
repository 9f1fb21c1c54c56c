# %% setup
import torch
import torch.nn.functional as F

# %% build-mask-exercise
def build_mask(lengths, T):
    """(B, T, T) bool: True where query i may attend key j,
    i.e. j <= i (causal) and j < lengths[b] (not padding)."""
    raise NotImplementedError   # hint: two comparisons of torch.arange(T), one &

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

# %% predict-exercise
# Predict the three numbers this prints, write them down, then run it.
q = k = torch.ones(1, 3, 4)                       # every score is equal
v = torch.tensor([[[0.0], [3.0], [6.0]]])         # (1, 3, 1): one number per position
out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print(out.flatten())

# %% predict [solution]
q = k = torch.ones(1, 3, 4)                       # every score is equal
v = torch.tensor([[[0.0], [3.0], [6.0]]])         # (1, 3, 1): one number per position
out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
print(out.flatten())

# %% mha-params-exercise
def mha_params(d_model):
    """Parameters of nn.MultiheadAttention(d_model, num_heads) with its default bias=True:
    the query, key, value and output projections."""
    raise NotImplementedError

# %% mha-params [solution]
def mha_params(d_model):
    return 4 * (d_model * d_model + d_model)      # W_Q, W_K, W_V, W_O, each with a bias

for d_model, heads in [(32, 4), (64, 8), (512, 8)]:
    mha = torch.nn.MultiheadAttention(d_model, heads)
    real = sum(p.numel() for p in mha.parameters())
    assert mha_params(d_model) == real
    print(f"d_model {d_model:3d}, {heads} heads: {real:9,} parameters  ✓")
