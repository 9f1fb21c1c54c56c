# %% conv1d
import torch
import torch.nn.functional as F

def conv1d_by_hand(x, w):
    k = len(w)                                       # slide, multiply, sum
    return torch.stack([(x[i:i + k] * w).sum() for i in range(len(x) - k + 1)])

x = torch.tensor([1., 2., 3., 4., 5., 6.])
w = torch.tensor([1., 0., -1.])                      # a kernel of size k = 3
print("by hand: ", conv1d_by_hand(x, w))
print("F.conv1d:", F.conv1d(x.view(1, 1, -1), w.view(1, 1, -1)).flatten())  # (N, C, L)

# %% conv2d
def conv2d_by_hand(x, w):
    (H, W), (kh, kw) = x.shape, w.shape
    out = torch.zeros(H - kh + 1, W - kw + 1)         # no padding, stride 1
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = (x[i:i + kh, j:j + kw] * w).sum()
    return out

x = torch.randint(0, 10, (5, 5)).float()
w = torch.tensor([[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]])   # Laplacian
ours = conv2d_by_hand(x, w)
theirs = F.conv2d(x.view(1, 1, 5, 5), w.view(1, 1, 3, 3))[0, 0]
print("output", tuple(ours.shape), " same as F.conv2d:", torch.allclose(ours, theirs))

# %% flipped
w = torch.tensor([1., 2., 3.])
x = torch.tensor([0., 0., 1., 0., 0.])                 # a single spike
print("F.conv1d:        ", F.conv1d(x.view(1, 1, -1), w.view(1, 1, -1)).flatten())
print("true convolution:", F.conv1d(x.view(1, 1, -1), w.flip(0).view(1, 1, -1)).flatten())

# %% channels
import torch.nn as nn

conv = nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3)
x = torch.randn(4, 3, 32, 32)                          # (N, C_in, H, W)
print("weight:", tuple(conv.weight.shape), " bias:", tuple(conv.bias.shape))
print("output:", tuple(conv(x).shape))

o = 5                                # output channel o: sum over input channels + bias
by_hand = sum(F.conv2d(x[:, c:c + 1], conv.weight[o:o + 1, c:c + 1])
              for c in range(3)) + conv.bias[o]
print(f"channel {o} by hand:", torch.allclose(by_hand[:, 0], conv(x)[:, o], atol=1e-6))
