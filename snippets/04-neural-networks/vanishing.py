# ---
# lecture:
#   smoke: {DEPTH: 10}
# ---
# %% params
DEPTH, WIDTH = 20, 64

# %% setup
from functools import partial

import torch
import torch.nn as nn

# %% build
def deep_net(activation, init):
    layers = []
    for _ in range(DEPTH):
        linear = nn.Linear(WIDTH, WIDTH)
        init(linear.weight)
        nn.init.zeros_(linear.bias)
        layers += [linear, activation()]
    return nn.Sequential(*layers)

setups = {                   # each activation with its usual initialisation
    "Sigmoid, Xavier init": (nn.Sigmoid, nn.init.xavier_normal_),
    "ReLU, He init": (nn.ReLU, partial(nn.init.kaiming_normal_, nonlinearity="relu")),
}
# %% measure
data = torch.randn(256, WIDTH)
grad_norms = {}
print(f"{'‖∂L/∂W‖ at layer':21}{1:>9}{2:>9}{DEPTH:>9}   per layer, {DEPTH} → 2")
for name, (activation, init) in setups.items():
    stack = deep_net(activation, init)
    stack(data).pow(2).mean().backward()
    norms = [lin.weight.grad.norm().item() for lin in stack[::2]]  # Linear layers
    grad_norms[name] = norms
    shrink = (norms[-1] / norms[1]) ** (1 / (DEPTH - 2))       # geometric mean
    print(f"{name:21}{norms[0]:9.1e}{norms[1]:9.1e}{norms[-1]:9.1e}   ÷{shrink:.2f}")

# %% plot
import matplotlib.pyplot as plt

layers = range(1, DEPTH + 1)
fig, ax = plt.subplots(figsize=(11, 5.2))
for name, norms in grad_norms.items():
    ax.semilogy(layers, norms, "o-", lw=3, ms=8, label=f"{DEPTH} layers: {name}")
ax.set(xticks=layers)
ax.set_xlabel("layer (1 = closest to the input)", fontsize=16)
ax.set_ylabel("‖∂loss/∂W‖ (log scale)", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3, which="both")
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
