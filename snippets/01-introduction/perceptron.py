# %% params
EPOCHS = 8          # passes over the four examples
LR = 1.0            # learning rate η

# %% data
import numpy as np

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
targets = {"AND": np.array([0, 0, 0, 1], dtype=np.float32),
           "OR":  np.array([0, 1, 1, 1], dtype=np.float32),
           "XOR": np.array([0, 1, 1, 0], dtype=np.float32)}

# %% numpy
def train_numpy(X, y, epochs=EPOCHS, lr=LR):
    w, b = np.zeros(X.shape[1], dtype=np.float32), np.float32(0)
    mistakes = []                               # per epoch
    for epoch in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            y_hat = np.float32(w @ x_i + b > 0)     # step activation
            w += lr * (y_i - y_hat) * x_i           # perceptron rule
            b += lr * (y_i - y_hat)
            wrong += int(y_hat != y_i)
        mistakes.append(wrong)
    return w, b, mistakes

# %% numpy-fit
for gate in ["AND", "OR"]:
    w, b, mistakes = train_numpy(X, targets[gate])
    predictions = (X @ w + b > 0).astype(int)
    print(f"{gate:>3}: w={w} b={b} predictions={predictions}")
    print(f"     mistakes per epoch: {mistakes}")

# %% torch
import torch

def train_torch(X, y, epochs=EPOCHS, lr=LR):
    w, b = torch.zeros(X.shape[1]), torch.tensor(0.0)
    mistakes = []
    for epoch in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            y_hat = (w @ x_i + b > 0).float()       # step activation
            w += lr * (y_i - y_hat) * x_i           # perceptron rule
            b += lr * (y_i - y_hat)
            wrong += int(y_hat != y_i)
        mistakes.append(wrong)
    return w, b, mistakes

# %% torch-fit
X_t = torch.from_numpy(X)                 # shares memory with the NumPy array
for gate, y in targets.items():
    w_np, b_np, _ = train_numpy(X, y)
    w_t, b_t, _ = train_torch(X_t, torch.from_numpy(y))
    torch.testing.assert_close(w_t, torch.from_numpy(w_np))
    torch.testing.assert_close(b_t, torch.tensor(b_np))
    print(f"{gate:>3}: NumPy w={w_np} b={b_np} | PyTorch w={w_t} b={b_t}")
print("identical weights for every gate")

# %% mistakes-plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 5.6))
for gate, y in targets.items():
    _, _, mistakes = train_numpy(X, y)
    ax.plot(range(1, EPOCHS + 1), mistakes, "o-", lw=2, label=gate)
ax.set(yticks=range(5))
ax.set_xlabel("epoch", fontsize=16)
ax.set_ylabel("mistakes in the epoch (of 4)", fontsize=16)
ax.tick_params(labelsize=15)
ax.legend(fontsize=15, loc="center right")
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %% boundaries
grid = np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 201),
                            np.linspace(-0.5, 1.5, 201)), axis=-1)
fig, axes = plt.subplots(1, 3, figsize=(12.8, 4.0))
for ax, (gate, y) in zip(axes, targets.items()):
    w, b, _ = train_numpy(X, y)
    z = grid @ w + b
    ax.contourf(grid[..., 0], grid[..., 1], z > 0,
                levels=[-0.5, 0.5, 1.5], colors=["#cfe2f3", "#fde0c5"])
    if z.min() < 0 < z.max():                    # the decision line z = 0
        ax.contour(grid[..., 0], grid[..., 1], z, levels=[0], colors="0.3", linewidths=1.5)
    ax.scatter(*X[y == 0].T, s=250, c="tab:blue", label="target 0")
    ax.scatter(*X[y == 1].T, s=250, c="tab:orange", marker="s", label="target 1")
    right = int(((X @ w + b > 0) == y).sum())
    ax.set(xticks=[0, 1], yticks=[0, 1])
    ax.set_xlabel("$x_1$", fontsize=16)
    ax.set_ylabel("$x_2$", fontsize=16)
    ax.tick_params(labelsize=16)
    ax.set_title(f"{gate}: {right}/4 correct", fontsize=16)
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="center right", fontsize=16, frameon=False)
plt.tight_layout(rect=(0, 0, 0.86, 1))
plt.show()

# %% autograd
from torch import nn

def train_autograd(X, y, steps=500, lr=0.5):
    model = nn.Linear(2, 1)                     # w·x + b, randomly initialised
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()            # sigmoid + cross-entropy
    for step in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(X).squeeze(1), y)
        loss.backward()                         # gradients: no calculus by hand
        optimizer.step()
    return model, loss.item()

# %% autograd-fit
torch.manual_seed(0)
for gate, y in targets.items():
    model, loss = train_autograd(X_t, torch.from_numpy(y))
    with torch.no_grad():
        p = torch.sigmoid(model(X_t).squeeze(1))    # P(y = 1) for the 4 inputs
    print(f"{gate:>3}: loss {loss:.3f}  P(y=1) {' '.join(f'{v:.2f}' for v in p)}"
          f"  labels {(p > 0.5).int().tolist()}")

# %% nand [solution]
def fires(w, b, inputs):                        # a trained perceptron, applied
    return (inputs @ w + b > 0).astype(np.float32)

nand = np.array([1, 1, 1, 0], dtype=np.float32)
w_nand, b_nand, mistakes = train_numpy(X, nand)
print(f"NAND: w={w_nand} b={b_nand} mistakes per epoch: {mistakes}")
w_t, b_t, _ = train_torch(X_t, torch.from_numpy(nand))
torch.testing.assert_close(w_t, torch.from_numpy(w_nand))
print(f"PyTorch: w={w_t} b={b_t}")
w_or, b_or, _ = train_numpy(X, targets["OR"])
w_and, b_and, _ = train_numpy(X, targets["AND"])
hidden_units = np.stack([fires(w_or, b_or, X), fires(w_nand, b_nand, X)], axis=1)
xor = fires(w_and, b_and, hidden_units)         # AND(OR, NAND)
print("XOR = AND(OR, NAND):", xor.astype(int).tolist())
assert xor.tolist() == targets["XOR"].tolist()

# %% nand-exercise
def fires(w, b, inputs):                        # a trained perceptron, applied
    return (inputs @ w + b > 0).astype(np.float32)

nand = ...                                      # TODO: the NAND targets
w_nand, b_nand, mistakes = ...                  # TODO: train the NumPy perceptron
print(f"NAND: w={w_nand} b={b_nand} mistakes per epoch: {mistakes}")
w_t, b_t, _ = ...                               # TODO: train_torch on the same data
print(f"PyTorch: w={w_t} b={b_t}")
raise NotImplementedError("wire OR and NAND into AND to compute XOR")
