# %% params
STEPS = 50
START = (-8.0, 2.0)

# %% function
import torch

def valley(p):                        # a long, narrow bowl around (0, 0)
    x, y = p
    return 0.05 * x**2 + y**2

# %% optimise
def optimise(make_optimizer, steps=STEPS):
    p = torch.tensor(START, requires_grad=True)
    optimizer = make_optimizer([p])
    path = [p.tolist()]
    for step in range(steps):
        optimizer.zero_grad()
        valley(p).backward()
        optimizer.step()
        path.append(p.tolist())
    return torch.tensor(path)

# %% race
from torch import optim

optimizers = {
    "SGD": lambda params: optim.SGD(params, lr=0.1),
    "Momentum": lambda params: optim.SGD(params, lr=0.1, momentum=0.9),
    "Adam": lambda params: optim.Adam(params, lr=0.5),
}
paths = {name: optimise(make) for name, make in optimizers.items()}

# %% finals
for name, path in paths.items():
    x, y = path[-1]
    print(f"{name:9} ends at ({x:6.3f}, {y:6.3f})  f = {valley(path[-1]):.4f}")

# %% contour
import matplotlib.pyplot as plt

xs, ys = torch.linspace(-9, 3, 200), torch.linspace(-3, 3, 200)
X, Y = torch.meshgrid(xs, ys, indexing="xy")
fig, ax = plt.subplots(figsize=(9.6, 4.6))
ax.contour(X, Y, valley((X, Y)), levels=torch.logspace(-2, 1, 12), cmap="Greys")
for name, path in paths.items():
    ax.plot(path[:, 0], path[:, 1], "o-", ms=5, lw=2.5, label=name)
ax.plot(0, 0, "k*", ms=18)
ax.set(aspect="equal")
ax.set_xlabel("x", fontsize=17)
ax.set_ylabel("y", fontsize=17)
ax.tick_params(labelsize=16)
ax.legend(fontsize=16, loc="upper right")
plt.tight_layout()
plt.show()
