# %% counts
import torch
import torch.nn as nn

def n_params(module):
    return sum(p.numel() for p in module.parameters())

print(f"{'input':>11} {'layer':>22} {'conv':>8} {'fully connected':>17}")
for c_in, size, c_out, k in [(1, 28, 32, 3), (3, 32, 64, 3), (3, 224, 64, 7)]:
    conv = nn.Conv2d(c_in, c_out, k)
    out = size - k + 1
    # A Linear layer mapping the same input to the same output, counted without building it
    fc = (c_in * size * size) * (c_out * out * out) + c_out * out * out
    layer = f"{c_in}→{c_out}, {k}×{k}"
    print(f"{c_in:>3}×{size}×{size:<3} {layer:>22} {n_params(conv):>8,} {fc:>17,}")

# %% pooling
import torch.nn.functional as F

x = torch.tensor([[1., 3., 2., 0.],
                  [4., 6., 1., 1.],
                  [0., 2., 5., 7.],
                  [1., 1., 8., 2.]]).view(1, 1, 4, 4)
print("max pool 2×2:\n", F.max_pool2d(x, kernel_size=2)[0, 0])
print("average pool 2×2:\n", F.avg_pool2d(x, kernel_size=2)[0, 0])
print("global average:", nn.AdaptiveAvgPool2d(1)(x).flatten())
print("parameters in a pooling layer:", n_params(nn.MaxPool2d(2)))

# %% invariance
img = torch.zeros(1, 1, 8, 8)
img[0, 0, 2, 2] = 1.0                                  # one bright pixel ...
shifted = torch.roll(img, shifts=1, dims=3)           # ... moved one pixel right
pool = lambda t: F.max_pool2d(t, 4)[0, 0]
print("pooled original:\n", pool(img))
print("pooled shifted: same =", torch.equal(pool(img), pool(shifted)))
