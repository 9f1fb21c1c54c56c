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
fig, ax = plt.subplots(figsize=(8, 4.5))
for name, norms in grad_norms.items():
    ax.semilogy(layers, norms, "o-", lw=2, label=f"{DEPTH} × (Linear + {name})")
ax.set(xlabel="layer (1 = closest to the input)", xticks=layers,
       ylabel="‖∂loss/∂W‖ (log scale)", title="Gradient size per layer")
ax.grid(alpha=0.3, which="both")
ax.legend(fontsize=12)
plt.tight_layout()
plt.show()
