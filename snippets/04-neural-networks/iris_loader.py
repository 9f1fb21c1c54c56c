# ---
# lecture:
#   smoke: {EPOCHS: 5}
# ---
# %% params
EPOCHS = 50
BATCH_SIZE = 16

# %% data
import torch
import torch.nn as nn
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

iris = load_iris()
X_tr, X_te, y_tr, y_te = train_test_split(
    iris.data[:, :2], iris.target, test_size=0.3,     # sepal length, width
    stratify=iris.target, random_state=0)
mean, std = X_tr.mean(axis=0), X_tr.std(axis=0)
X_train = torch.tensor((X_tr - mean) / std, dtype=torch.float32)
X_test = torch.tensor((X_te - mean) / std, dtype=torch.float32)
y_train, y_test = torch.tensor(y_tr), torch.tensor(y_te)

# %% loaders
from torch.utils.data import TensorDataset, DataLoader

train_ds = TensorDataset(X_train, y_train)    # train_ds[i] == (X_train[i], y_train[i])
test_ds = TensorDataset(X_test, y_test)
train_loader = DataLoader(train_ds, batch_size=BATCH_SIZE, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=64)      # order does not matter here
xb, yb = next(iter(train_loader))
print(len(train_ds), "samples in", len(train_loader), "batches")
print("one batch:", tuple(xb.shape), tuple(yb.shape))

# %% train-fn
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()                              # dropout etc. in training mode
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)         # the last batch may be smaller
    return total / len(loader.dataset)         # mean loss per sample

# %% evaluate-fn
@torch.no_grad()                               # no graph: faster, less memory
def evaluate(model, loader, loss_fn):
    model.eval()
    total, correct = 0.0, 0
    for xb, yb in loader:
        logits = model(xb)
        total += loss_fn(logits, yb).item() * len(xb)
        correct += (logits.argmax(dim=1) == yb).sum().item()
    return total / len(loader.dataset), correct / len(loader.dataset)

# %% fit
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(1, EPOCHS + 1):
    train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer)
    test_loss, test_acc = evaluate(model, test_loader, loss_fn)
    if epoch % max(1, EPOCHS // 5) == 0:
        print(f"epoch {epoch:3d}  train loss {train_loss:.3f}  "
              f"test loss {test_loss:.3f}  test acc {test_acc:.1%}")
