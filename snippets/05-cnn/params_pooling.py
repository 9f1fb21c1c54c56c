# %% counts
import torch
import torch.nn as nn

def n_params(module):
    return sum(p.numel() for p in module.parameters())

print("     input      layer     conv   fully connected")
for c_in, size, c_out, k in [(1, 28, 32, 3), (3, 32, 64, 3), (3, 224, 64, 7)]:
    conv = nn.Conv2d(c_in, c_out, k)
    n_in = c_in * size * size                  # values in
    n_out = c_out * (size - k + 1) ** 2        # values out
    fc = n_in * n_out + n_out                  # Linear(n_in, n_out): counted, not built
    shape, layer = f"{c_in}×{size}×{size}", f"{c_in}→{c_out}, {k}×{k}"
    print(f"{shape:>10} {layer:>10} {n_params(conv):>8,} {fc:>17,}")

# %% pooling
import torch.nn.functional as F

x = torch.tensor([[1., 3., 2., 0.],
                  [4., 6., 1., 1.],
                  [0., 2., 5., 7.],
                  [1., 1., 8., 2.]]).view(1, 1, 4, 4)
print("max pool 2×2:    ", F.max_pool2d(x, kernel_size=2)[0, 0].tolist())
print("average pool 2×2:", F.avg_pool2d(x, kernel_size=2)[0, 0].tolist())

# %% invariance
img = torch.zeros(1, 1, 8, 8)
img[0, 0, 2, 2] = 1.0                              # one bright pixel ...
shifted = torch.roll(img, shifts=1, dims=3)        # ... moved one pixel right
pool = lambda t: F.max_pool2d(t, kernel_size=4)[0, 0]
print("4×4 max pool of the original:", pool(img).tolist())
print("of the shifted image, same:  ", torch.equal(pool(img), pool(shifted)))
conv = lambda t: F.conv2d(t, torch.ones(1, 1, 3, 3), padding=1)   # 3×3 box filter
conv_then_shift = torch.roll(conv(img), shifts=1, dims=3)
print("conv of shifted = shifted conv:", torch.equal(conv(shifted), conv_then_shift))
