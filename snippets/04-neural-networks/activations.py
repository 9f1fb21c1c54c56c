# %% by-hand
import torch


def sigmoid(x):
    return 1 / (1 + torch.exp(-x))

def tanh(x):
    return 2 * sigmoid(2 * x) - 1

def relu(x):
    return torch.clamp(x, min=0)                    # elementwise max(x, 0)

def leaky_relu(x, a=0.01):
    return torch.where(x > 0, x, a * x)

def elu(x, alpha=1.0):
    return torch.where(x > 0, x, alpha * (torch.exp(x) - 1))

def gelu(x):
    return x * 0.5 * (1 + torch.erf(x / 2**0.5))    # x·Φ(x), Φ the normal CDF

# %% compare
import torch.nn as nn

pairs = {"sigmoid": (sigmoid, nn.Sigmoid()), "tanh": (tanh, nn.Tanh()),
         "ReLU": (relu, nn.ReLU()), "leaky ReLU": (leaky_relu, nn.LeakyReLU(0.01)),
         "ELU": (elu, nn.ELU()), "GELU": (gelu, nn.GELU())}
x = torch.linspace(-5, 5, 101)
for mine, theirs in pairs.values():
    torch.testing.assert_close(mine(x), theirs(x))
print("all six by-hand activations match torch.nn")

# %% plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 6))
# ReLU and leaky ReLU (slope 0.01) nearly coincide: ReLU wide and pale underneath,
# leaky ReLU thin and dashed on top, so both stay visible.
widths = {"ReLU": 8, "leaky ReLU": 2.5}
for (name, (f, _)), style in zip(pairs.items(), ["-", "-", "-", "--", ":", "-."]):
    ax.plot(x, f(x), style, label=name, lw=widths.get(name, 3),
            alpha=0.45 if name == "ReLU" else 1.0)
ax.set(xlim=(-3, 3), ylim=(-1.2, 3))
ax.set_xlabel("x", fontsize=16)
ax.set_ylabel("f(x)", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()

# %% derivatives
x = torch.linspace(-4, 4, 161, requires_grad=True)
grads = {}
for name, (f, _) in pairs.items():
    # f acts elementwise, so d(sum f(x)) / dx_i = f'(x_i)
    (grads[name],) = torch.autograd.grad(f(x).sum(), x)
s = torch.sigmoid(x.detach())
torch.testing.assert_close(grads["sigmoid"], s * (1 - s))   # σ' = σ(1 − σ)
print(f"max sigmoid'(x) = {grads['sigmoid'].max():.3f}")
print(f"max tanh'(x)    = {grads['tanh'].max():.3f}")

# %% derivatives-plot
x = x.detach()
fig, axes = plt.subplots(2, 3, figsize=(9, 4.7), sharex=True)
for ax, (name, (f, _)) in zip(axes.flat, pairs.items()):
    ax.plot(x, f(x), color="0.7", lw=2.5, label="f(x)")
    ax.plot(x, grads[name], lw=3, label="f'(x)")
    ax.set_title(name, fontsize=16)
    ax.tick_params(labelsize=15)
    ax.grid(alpha=0.3)
for ax in axes[1]:
    ax.set_xlabel("x", fontsize=15)
axes[0, 0].legend(fontsize=15, loc="upper left")
plt.tight_layout()
plt.show()

# %% relu-with-max [raises=RuntimeError]
max(x, 0)     # Python's max is not elementwise: use torch.clamp or torch.maximum
