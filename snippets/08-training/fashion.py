# ---
# lecture:
#   timeout: 600
#   smoke: {MAX_EPOCHS: 1, SUBSET: 512, CANCER_EPOCHS: 4}
# ---
# %% params
MAX_EPOCHS = 20
PATIENCE = 3          # epochs without a better validation loss before stopping
BATCH_SIZE = 64
LR = 3e-3
SUBSET = None         # an int: train on that many images only (quick checks)
CANCER_EPOCHS = 30    # the small real dataset: run on, to see validation loss rise

# %% data
import os

import torch
import torch.nn as nn
from torchvision import datasets, transforms

to_tensor = transforms.ToTensor()   # uint8 → float in [0, 1]
train_full = datasets.FashionMNIST("data", train=True, download=True,
                                   transform=to_tensor)
test_set = datasets.FashionMNIST("data", train=False, transform=to_tensor)
image, label = train_full[0]
print(len(train_full), "training and", len(test_set), "test images")
print("one item:", tuple(image.shape), image.dtype, "label", label,
      f"= {train_full.classes[label]!r}")

# %% quick-subset
from torch.utils.data import Subset

if SUBSET:                                 # quick checks: a few hundred images
    train_full = Subset(train_full, range(SUBSET))
    test_set = Subset(test_set, range(SUBSET // 4))

# %% split
from torch.utils.data import DataLoader, random_split

g = torch.Generator().manual_seed(0)
train_set, val_set = random_split(train_full, [0.85, 0.15], generator=g)
train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True, generator=g)
val_loader = DataLoader(val_set, batch_size=256)
test_loader = DataLoader(test_set, batch_size=256)

def make_model():                        # a plain MLP: the machinery is the topic
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
model = make_model().to(device)          # before creating the optimizer
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
print(f"train {len(train_set)}  validation {len(val_set)}  test {len(test_set)}  on {device}")

# %% run-epoch
def run_epoch(model, loader, loss_fn, optimizer=None, device="cpu"):
    """One pass over `loader`; trains if given an optimizer. → (loss, accuracy)"""
    training = optimizer is not None
    model.train(training)                        # dropout, batch norm modes
    total_loss, correct = 0.0, 0
    with torch.set_grad_enabled(training):       # no graph when evaluating
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * len(yb)  # last batch may be smaller
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total_loss / len(loader.dataset), correct / len(loader.dataset)

# %% early-stopping
class EarlyStopping:
    """Stop when the validation loss has not improved for `patience` epochs."""

    def __init__(self, patience=3, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.bad_epochs = float("inf"), 0

    def step(self, val_loss):
        """Record one epoch's loss; True when it is the best so far."""
        if val_loss < self.best - self.min_delta:
            self.best, self.bad_epochs = val_loss, 0
            return True
        self.bad_epochs += 1
        return False

    @property
    def should_stop(self):
        return self.bad_epochs >= self.patience

# %% checkpoints
def save_checkpoint(path, model, optimizer, epoch, history):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epoch": epoch, "history": history}, path)

def load_checkpoint(path, model, optimizer=None):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["model"])
    if optimizer is not None:
        optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint

# %% fit
def fit(model, optimizer, train_loader, val_loader, max_epochs, patience, folder=".",
        log=print):
    history = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
    stopper = EarlyStopping(patience=patience)
    for epoch in range(1, max_epochs + 1):
        train_loss, train_acc = run_epoch(model, train_loader, loss_fn, optimizer, device)
        val_loss, val_acc = run_epoch(model, val_loader, loss_fn, device=device)
        for key, value in zip(history, (train_loss, val_loss, train_acc, val_acc)):
            history[key].append(value)
        improved = stopper.step(val_loss)
        if improved:
            save_checkpoint(f"{folder}/best.pt", model, optimizer, epoch, history)
        save_checkpoint(f"{folder}/last.pt", model, optimizer, epoch, history)  # to resume
        log(f"epoch {epoch:2d}  train loss {train_loss:.3f}  val loss {val_loss:.3f}"
            f"  val acc {val_acc:.1%}" + ("  → best.pt" if improved else ""))
        if stopper.should_stop:
            log(f"stop: no better validation loss for {patience} epochs")
            break
    return history

# %% fit-run
history = fit(model, optimizer, train_loader, val_loader, MAX_EPOCHS, PATIENCE)

# %% small-real
from sklearn.datasets import load_breast_cancer
from torch.utils.data import TensorDataset

cancer = load_breast_cancer()                   # 569 real breast-mass samples, 30 numbers each
X_all, y_all = torch.tensor(cancer.data).float(), torch.tensor(cancer.target)
rows = torch.randperm(569, generator=torch.Generator().manual_seed(0))
few, held_out = rows[:100], rows[300:]          # deliberately few training rows
X_all = (X_all - X_all[few].mean(dim=0)) / X_all[few].std(dim=0)   # training stats
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(30, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                    nn.Linear(256, 2)).to(device)
os.makedirs("cancer", exist_ok=True)
cancer_history = fit(
    net, torch.optim.Adam(net.parameters(), lr=1e-3),
    DataLoader(TensorDataset(X_all[few], y_all[few]), batch_size=16, shuffle=True),
    DataLoader(TensorDataset(X_all[held_out], y_all[held_out]), batch_size=256),
    CANCER_EPOCHS, patience=CANCER_EPOCHS, folder="cancer", log=lambda line: None)
curve = cancer_history["val_loss"]
low = curve.index(min(curve))
print(f"validation loss: lowest {curve[low]:.3f} at epoch {low + 1}, "
      f"{curve[-1]:.3f} after epoch {len(curve)}")

# %% curves
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
runs = [("FashionMNIST (this loop)", history),
        ("breast cancer, 100 training rows", cancer_history)]
for ax, (title, run) in zip(axes, runs):
    epochs = range(1, len(run["val_loss"]) + 1)
    best_epoch = 1 + run["val_loss"].index(min(run["val_loss"]))
    ax.plot(epochs, run["train_loss"], "o-", lw=2.5, label="train")
    ax.plot(epochs, run["val_loss"], "s-", lw=2.5, label="validation")
    ax.axvline(best_epoch, color="#d9622b", ls="--", lw=2, label="best.pt")
    ax.set_title(title, fontsize=15)
    ax.set_xlabel("epoch", fontsize=15)
    ax.set_yscale("log")
    ax.tick_params(labelsize=14)
    ax.grid(alpha=0.3)
axes[0].set_ylabel("cross-entropy (log scale)", fontsize=15)
axes[0].legend(fontsize=14)
plt.tight_layout()
plt.show()

# %% restore
import os

best = make_model()
checkpoint = load_checkpoint("best.pt", best)           # the best weights, not the last
test_loss, test_acc = run_epoch(best.to(device), test_loader, loss_fn, device=device)
print("in the run's folder:", sorted(f for f in os.listdir() if f.endswith(".pt")))
print(f"best.pt: epoch {checkpoint['epoch']}, test accuracy {test_acc:.1%}")

# %% resume
model = make_model().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
checkpoint = load_checkpoint("last.pt", model, optimizer)  # weights + Adam state
history, start = checkpoint["history"], checkpoint["epoch"] + 1
print(f"resume at epoch {start} with {len(history['val_loss'])} epochs of history")
