# %% neuron
import torch
import torch.nn as nn

x = torch.tensor([0.5, -1.0, 2.0])        # three inputs
w = torch.tensor([0.8, 0.2, -0.5])        # one weight per input
b = torch.tensor(0.3)                     # bias
z = w @ x + b                             # weighted sum
print(f"z = {z.item():.2f}")
print(f"perceptron, step(z) = {(z > 0).float().item():.0f}")
print(f"neuron, sigmoid(z)  = {torch.sigmoid(z).item():.3f}")

# %% linear-collapse
lin1, lin2 = nn.Linear(2, 8), nn.Linear(8, 3)   # no activation in between
W = lin2.weight @ lin1.weight                   # (3, 8) @ (8, 2) -> (3, 2)
b = lin2.weight @ lin1.bias + lin2.bias
x = torch.randn(5, 2)
same = torch.allclose(lin2(lin1(x)), x @ W.T + b, atol=1e-6)
print("Linear(8, 3) after Linear(2, 8) is one Linear(2, 3):", same)

# %% xor
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])                 # XOR


def train_xor(model, steps=200):
    """Full-batch Adam on the 4 XOR points; returns accuracy, final loss, P(y=1)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model(X), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        logits = model(X)
    accuracy = ((logits > 0).float() == y).float().mean().item()
    return accuracy, loss.item(), torch.sigmoid(logits).squeeze(1)


mlp = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
linear = nn.Linear(2, 1)
print(f"{'after 200 Adam steps':<21}accuracy  loss   P(y=1) at 00 01 10 11")
for name, model in [("linear", linear), ("MLP, 8 ReLU units", mlp)]:
    accuracy, loss, p = train_xor(model)
    print(f"{name:<21}{accuracy:8.2f}  {loss:5.3f}   " + " ".join(f"{v:.2f}" for v in p))
with torch.no_grad():                    # the slide says: the line gives up, P = 0.5
    assert torch.allclose(torch.sigmoid(linear(X)), torch.tensor(0.5), atol=0.01)

# %% mlp-diagram
import matplotlib.pyplot as plt
from matplotlib.patches import Circle

sizes = [3, 5, 2]                               # inputs, hidden units, outputs
names = ["input $\\mathbf{x}$", "hidden $\\mathbf{h} = \\phi(W_1\\mathbf{x} + \\mathbf{b}_1)$",
         "output $\\hat{\\mathbf{y}} = W_2\\mathbf{h} + \\mathbf{b}_2$"]
colors = ["#dbe9f6", "#fde0c5", "#e6f2e6"]
fig, ax = plt.subplots(figsize=(6.4, 6.4))
layers = []
for col, (n, color) in enumerate(zip(sizes, colors)):
    ys = [(n - 1) / 2 - i for i in range(n)]
    layers.append([(col * 2.2, y) for y in ys])
    for xy in layers[-1]:
        ax.add_patch(Circle(xy, 0.3, fc=color, ec="#1f3b57", lw=2, zorder=3))
for left, right in zip(layers, layers[1:]):      # fully connected: every pair
    for a in left:
        for b in right:
            ax.plot([a[0], b[0]], [a[1], b[1]], color="0.55", lw=1.2, zorder=1)
for col, (n, name) in enumerate(zip(sizes, names)):
    ax.text(col * 2.2, -(max(sizes) - 1) / 2 - 0.8 - 0.45 * (col % 2), name,
            ha="center", va="top", fontsize=15)
ax.text(1.1, 2.75, "$W_1$: 5 × 3", ha="center", fontsize=16, color="tab:red")
ax.text(3.3, 2.75, "$W_2$: 2 × 5", ha="center", fontsize=16, color="tab:red")
ax.set(xlim=(-0.8, 5.2), ylim=(-4.3, 3.3), aspect="equal")
ax.axis("off")
plt.tight_layout()
plt.show()
