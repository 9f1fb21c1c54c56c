# %% model
import torch
from torch import nn

X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([0., 1., 1., 0.])                     # XOR
torch.manual_seed(0)
hidden = nn.Sequential(nn.Linear(2, 2), nn.Tanh())     # learned features
readout = nn.Linear(2, 1)                              # a linear unit on top
model = nn.Sequential(hidden, readout)

# %% train
optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
loss_fn = nn.BCEWithLogitsLoss()
for step in range(300):                # 300 full-batch steps
    optimizer.zero_grad()
    loss = loss_fn(model(X).squeeze(1), y)
    loss.backward()
    optimizer.step()
print("predictions:", (model(X).squeeze(1) > 0).int().tolist())

# %% draw
import matplotlib.pyplot as plt

def draw(ax, classify, points, lo, hi, title):
    u = torch.linspace(lo, hi, 241)
    grid = torch.stack(torch.meshgrid(u, u, indexing="xy"), dim=-1)
    ax.contourf(u, u, classify(grid).squeeze(-1) > 0, levels=[-0.5, 0.5, 1.5],
                colors=["#cfe2f3", "#fde0c5"])
    ax.scatter(*points[y == 0].T, s=250, c="tab:blue", label="XOR = 0")
    ax.scatter(*points[y == 1].T, s=250, c="tab:orange", marker="s", label="XOR = 1")
    ax.set_title(title, fontsize=16)
    ax.tick_params(labelsize=15)
    # label every point with its input; inputs that land on one spot share one label
    groups = []
    for point, inp in zip(points.tolist(), X.int().tolist()):
        for group in groups:
            if abs(group[0][0] - point[0]) + abs(group[0][1] - point[1]) < 0.1:
                group[1].append(inp)
                break
        else:
            groups.append((point, [inp]))
    for point, inputs in groups:
        text = " and ".join(f"({a},{b})" for a, b in inputs)
        left = point[0] < (lo + hi) / 2          # label beside the point, towards the middle
        ax.annotate(text, point, xytext=(16 if left else -16, 0), textcoords="offset points",
                    ha="left" if left else "right", va="center", fontsize=15)

# %% representation
solved = torch.equal((model(X).squeeze(1) > 0).float(), y)
assert solved, "training got stuck in a poor minimum: try another seed"
with torch.no_grad():
    h00, h11 = hidden(X[0]), hidden(X[3])
assert (h00 - h11).abs().sum() < 0.1, "the slide says (0,0) and (1,1) share a hidden point"
fig, axes = plt.subplots(1, 2, figsize=(9.6, 4.4))
with torch.no_grad():
    draw(axes[0], model, X, -0.7, 1.7, "input space $(x_1, x_2)$")
    draw(axes[1], readout, hidden(X), -1.3, 1.3, "hidden space $(h_1, h_2)$")
axes[1].legend(loc="upper right", fontsize=15)
plt.tight_layout()
plt.show()
