# ---
# lecture:
#   smoke: {DEPTH: 12}
# ---
# %% params
DEPTH = 30

# %% dropout
import torch
import torch.nn as nn

x = torch.ones(1, 4, 1, 3)                  # 4 channels of 1×3 ones
drop, drop2d = nn.Dropout(p=0.5), nn.Dropout2d(p=0.5)
print("Dropout:  ", drop(x)[0, :, 0].int().tolist())     # one list per channel
print("Dropout2d:", drop2d(x)[0, :, 0].int().tolist())
drop2d.eval()
print("eval mode: unchanged =", torch.equal(drop2d(x), x))

# %% batchnorm
bn = nn.BatchNorm2d(num_features=3)          # one (γ, β) pair per channel
x = 5 + 2 * torch.randn(16, 3, 8, 8)         # mean ≈ 5, std ≈ 2
y = bn(x)                                    # training mode: batch statistics

mean = x.mean(dim=(0, 2, 3), keepdim=True)   # per channel, over N, H and W
var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
gamma, beta = bn.weight.view(1, -1, 1, 1), bn.bias.view(1, -1, 1, 1)
by_hand = gamma * (x - mean) / torch.sqrt(var + bn.eps) + beta
print("same as nn.BatchNorm2d:", torch.allclose(y, by_hand, atol=1e-5))
print("mean 0 in every channel:", y.mean(dim=(0, 2, 3)).abs().max().item() < 1e-5)

# %% bn-state
print("running_mean:", bn.running_mean)       # 0.9 · 0 + 0.1 · batch mean, per channel
print("parameters:", [n for n, _ in bn.named_parameters()])
print("buffers:   ", [n for n, _ in bn.named_buffers()])
bn.eval()                                     # now: running statistics, not the batch
print(f"eval output mean: {bn(x).mean().item():.2f}")

# %% residual
import torch.nn.functional as F

class ResidualBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + x)               # the skip: add the input back

block = ResidualBlock(16)
print(tuple(block(torch.randn(2, 16, 28, 28)).shape))   # same shape in and out

# %% gradients
def gradient_per_layer(depth, batch_norm, skip, channels=8):
    torch.manual_seed(0)
    convs = [nn.Conv2d(channels, channels, 3, padding=1) for _ in range(depth)]
    norms = [nn.BatchNorm2d(channels) if batch_norm else nn.Identity() for _ in convs]
    h = torch.randn(4, channels, 12, 12)
    for conv, norm in zip(convs, norms):
        branch = torch.relu(norm(conv(h)))
        h = h + branch if skip else branch
    h.pow(2).mean().backward()
    return [conv.weight.grad.norm().item() for conv in convs]

variants = {"plain": (False, False), "plain + batch norm": (True, False),
            "residual + batch norm": (True, True)}
grads = {name: gradient_per_layer(DEPTH, *flags) for name, flags in variants.items()}
print(f"{'‖grad‖ at layer':<21} 1 … {DEPTH}")
for name, g in grads.items():
    print(f"{name:<21} {g[0]:.0e} … {g[-1]:.0e}")

# %% gradients-plot
import matplotlib.pyplot as plt

plt.rcParams.update({"font.size": 15})
fig, ax = plt.subplots(figsize=(6, 5.4))
for (name, g), marker in zip(grads.items(), "o^s"):
    ax.semilogy(range(1, DEPTH + 1), g, marker + "-", lw=2, ms=5, label=name)
ax.set(xlabel="layer (1 = nearest the input)", ylabel="‖∂loss/∂W‖")
ax.set_title(f"Gradient size per layer, {DEPTH} conv layers", fontsize=15)
ax.grid(alpha=0.3, which="both")
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
