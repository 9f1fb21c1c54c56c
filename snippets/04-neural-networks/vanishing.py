# ---
# lecture:
#   smoke: {DEPTH: 10}
# ---
# %% params
DEPTH, WIDTH = 20, 64

# %% setup
import torch
import torch.nn as nn

# %% measure
def deep_net(activation):
    layers = []
    for _ in range(DEPTH):
        linear = nn.Linear(WIDTH, WIDTH)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # same for both
        layers += [linear, activation()]
    return nn.Sequential(*layers)

x = torch.randn(256, WIDTH)
grad_norms = {}
for activation in (nn.Sigmoid, nn.ReLU):
    net = deep_net(activation)
    net(x).pow(2).mean().backward()
    grad_norms[activation.__name__] = [lin.weight.grad.norm() for lin in net[::2]]

# %% plot
import matplotlib.pyplot as plt

layers = range(1, DEPTH + 1)
fig, ax = plt.subplots(figsize=(11, 5.2))
for name, norms in grad_norms.items():
    ax.semilogy(layers, norms, "o-", lw=3, ms=8, label=f"{DEPTH} × (Linear + {name})")
ax.set(xticks=layers)
ax.set_xlabel("layer (1 = closest to the input)", fontsize=16)
ax.set_ylabel("‖∂loss/∂W‖ (log scale)", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3, which="both")
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
