# ---
# lecture:
#   timeout: 180
#   smoke: {EPOCHS: 20}
# ---
# %% params
EPOCHS = 500
HIDDEN = 16
LR = 0.01

# %% data
import torch
import torch.nn as nn
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

iris = load_iris()
X, y = iris.data[:, :2], iris.target         # 150 × 2: sepal length and width (cm)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0)
mean, std = X_tr.mean(axis=0), X_tr.std(axis=0)   # training statistics only

def to_tensor(a):
    return torch.tensor((a - mean) / std, dtype=torch.float32)

X_train, X_test = to_tensor(X_tr), to_tensor(X_te)
y_train, y_test = torch.tensor(y_tr), torch.tensor(y_te)

# %% model
model = nn.Sequential(nn.Linear(2, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 3))
loss_fn = nn.CrossEntropyLoss()                   # takes logits: no softmax above
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

# %% train
losses = []
for epoch in range(EPOCHS):
    optimizer.zero_grad()
    loss = loss_fn(model(X_train), y_train)       # full batch: all 105 samples
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if epoch % (EPOCHS // 5) == 0 or epoch == EPOCHS - 1:
        print(f"epoch {epoch:4d}   loss {loss.item():.4f}")

# %% loss-curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 5.6))
ax.plot(losses, lw=3)
ax.set_xlabel("epoch", fontsize=16)
ax.set_ylabel("cross-entropy, training set", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %% accuracy
model.eval()
with torch.no_grad():
    train_acc = (model(X_train).argmax(dim=1) == y_train).float().mean().item()
    test_acc = (model(X_test).argmax(dim=1) == y_test).float().mean().item()
print(f"train accuracy {train_acc:.1%}  ({len(y_train)} samples)")
print(f"test accuracy  {test_acc:.1%}  ({len(y_test)} samples)")

# %% compare-setup
X4_tr, X4_te = train_test_split(iris.data, test_size=0.3, stratify=y, random_state=0)
assert (X4_tr[:, :2] == X_tr).all()            # the same 105/45 split, all 4 columns
mean4, std4 = X4_tr.mean(axis=0), X4_tr.std(axis=0)      # training statistics only
Z_tr, Z_te = (torch.tensor((a - mean4) / std4, dtype=torch.float32)
              for a in (X4_tr, X4_te))

def test_accuracy(n, hidden):      # the training above, same seed, first n features
    torch.manual_seed(0)
    net = (nn.Sequential(nn.Linear(n, hidden), nn.ReLU(), nn.Linear(hidden, 3))
           if hidden else nn.Linear(n, 3))              # hidden=0: logistic regression
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    for _ in range(EPOCHS):
        opt.zero_grad()
        loss_fn(net(Z_tr[:, :n]), y_train).backward()
        opt.step()
    with torch.no_grad():
        return (net(Z_te[:, :n]).argmax(dim=1) == y_test).float().mean().item()

# %% compare
print(f"test accuracy, {len(y_test)} flowers   2 sepal features   all 4 features")
for name, hidden in [("logistic regression", 0), (f"MLP ({HIDDEN} hidden)", HIDDEN)]:
    print(f"{name:26}{test_accuracy(2, hidden):14.1%}{test_accuracy(4, hidden):17.1%}")

# %% boundary
import numpy as np

# The model sees only these two features, so this is its whole decision boundary.
sep_len, sep_wid = np.meshgrid(np.linspace(4, 8.2, 300), np.linspace(1.8, 4.6, 300))
grid = np.column_stack([sep_len.ravel(), sep_wid.ravel()])
with torch.no_grad():
    regions = model(to_tensor(grid)).argmax(dim=1).reshape(sep_len.shape)
fig, ax = plt.subplots(figsize=(6, 5.6))
ax.contourf(sep_len, sep_wid, regions, levels=[-0.5, 0.5, 1.5, 2.5],
            cmap="viridis", alpha=0.3)
dots = ax.scatter(X_te[:, 0], X_te[:, 1], c=y_te, cmap="viridis", edgecolor="k", s=60)
ax.legend(dots.legend_elements()[0], iris.target_names, fontsize=15, loc="upper left")
ax.set_title("test flowers", fontsize=15)
ax.set_xlabel("sepal length (cm)", fontsize=16)
ax.set_ylabel("sepal width (cm)", fontsize=16)
ax.tick_params(labelsize=15)
plt.tight_layout()
plt.show()
