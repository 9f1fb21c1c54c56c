# ---
# lecture:
#   smoke: {DEPTH: 12, STEPS: 20}
#   timeout: 150
# ---
# %% params
DEPTH = 20
STEPS = 100

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

# %% deep-layer
class Layer(nn.Module):                  # one conv, optionally with a skip
    def __init__(self, channels, batch_norm, skip):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.norm = nn.BatchNorm2d(channels) if batch_norm else nn.Identity()
        self.skip = skip

    def forward(self, x):
        out = self.norm(self.conv(x))
        return F.relu(out + x) if self.skip else F.relu(out)

# %% deep-stacks
def deep_stack(depth, kaiming, batch_norm, skip, channels=8):
    torch.manual_seed(0)                         # the same start for every variant
    layers = [Layer(channels, batch_norm, skip) for _ in range(depth)]
    if kaiming:                                  # Var(w) = 2 / fan_in, made for ReLU
        for layer in layers:
            nn.init.kaiming_normal_(layer.conv.weight, nonlinearity="relu")
    return nn.Sequential(nn.Conv2d(3, channels, 3, padding=1), *layers,
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(channels, 10))

variants = {                                   # (kaiming, batch_norm, skip)
    "plain, default init": (False, False, False),
    "plain, Kaiming": (True, False, False),
    "plain, Kaiming + BN": (True, True, False),
    "residual, Kaiming + BN": (True, True, True)}

# %% deep-train
images = torch.randn(512, 3, 8, 8)                 # a synthetic 10-class task: the label is
rule = torch.randn(12, 10)                         # a fixed random function of the means
labels = (F.avg_pool2d(images, 4).flatten(1) @ rule).argmax(dim=1)   # of 4 quadrants


def grad_norms(net):   # layers 1 … DEPTH
    grads = [lay.conv.weight.grad
             for lay in net[1:DEPTH + 1]]
    return [g.norm().item() for g in grads]


curves = {}
print(f"{'‖grad‖ at layer':<23}1 … {DEPTH}     loss at the end")
for name, flags in variants.items():
    net = deep_stack(DEPTH, *flags)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    order = torch.Generator().manual_seed(1)       # the same batches for every variant
    curves[name] = []
    for step in range(STEPS):
        batch = torch.randint(0, len(images), (32,), generator=order)
        loss = F.cross_entropy(net(images[batch]), labels[batch])
        opt.zero_grad()
        loss.backward()
        if step == 0:                      # gradients at the start
            grads = grad_norms(net)
        opt.step()
        curves[name].append(loss.item())
    final = sum(curves[name][-20:]) / 20   # mean of last 20 steps
    print(f"{name:<23}{grads[0]:.0e} … {grads[-1]:.0e}   {final:.2f}")
import math
print(f"{'guessing: ln 10':<23}{'':16}{math.log(10):.2f}")

# %% deep-plot
import matplotlib.pyplot as plt

plt.rcParams.update({"font.size": 15})
fig, ax = plt.subplots(figsize=(5.6, 5.2))
for (name, losses), style in zip(curves.items(), ["o-", "v-", "^-", "s-"]):
    smooth = torch.tensor(losses).unfold(0, 10, 1).mean(dim=1)   # running mean of 10
    ax.plot(range(10, STEPS + 1), smooth, style, lw=2, ms=4, markevery=10, label=name)
ax.set(xlabel="training step", ylabel="loss, mean of 10 steps")
ax.set_title("8×8 images; labels from quadrant means", fontsize=15)
ax.grid(alpha=0.3)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
