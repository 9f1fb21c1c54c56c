# ---
# lecture:
#   timeout: 600
#   smoke: {MAX_EPOCHS: 1, SUBSET: 512}
# ---
# %% params
MAX_EPOCHS = 20
PATIENCE = 3          # epochs without a better validation loss before stopping
BATCH_SIZE = 64
LR = 3e-3
SUBSET = None         # an int: train on that many images only (quick checks)

# %% data
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

# %% samples
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 5, figsize=(10, 4.6))
first_of_class = {}
for i, target in enumerate(train_full.targets.tolist()):
    first_of_class.setdefault(target, i)
for ax, (target, i) in zip(axes.flat, sorted(first_of_class.items())):
    ax.imshow(train_full[i][0][0], cmap="gray_r")
    ax.set_title(train_full.classes[target], fontsize=15)
    ax.axis("off")
plt.tight_layout()
plt.show()

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
history = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
stopper = EarlyStopping(patience=PATIENCE)
for epoch in range(1, MAX_EPOCHS + 1):
    train_loss, train_acc = run_epoch(model, train_loader, loss_fn, optimizer, device)
    val_loss, val_acc = run_epoch(model, val_loader, loss_fn, device=device)
    for key, value in zip(history, (train_loss, val_loss, train_acc, val_acc)):
        history[key].append(value)
    improved = stopper.step(val_loss)
    if improved:
        save_checkpoint("best.pt", model, optimizer, epoch, history)
    save_checkpoint("last.pt", model, optimizer, epoch, history)   # for resuming
    print(f"epoch {epoch:2d}  train loss {train_loss:.3f}  val loss {val_loss:.3f}"
          f"  val acc {val_acc:.1%}" + ("  → best.pt" if improved else ""))
    if stopper.should_stop:
        print(f"stop: no better validation loss for {PATIENCE} epochs")
        break

# %% curves
best_epoch = 1 + min(range(len(history["val_loss"])), key=history["val_loss"].__getitem__)
epochs = range(1, len(history["val_loss"]) + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4.6))
for ax, metric, label in [(ax_loss, "loss", "cross-entropy"), (ax_acc, "acc", "accuracy")]:
    ax.plot(epochs, history[f"train_{metric}"], "o-", lw=2.5, label="train")
    ax.plot(epochs, history[f"val_{metric}"], "s-", lw=2.5, label="validation")
    ax.axvline(best_epoch, color="#d9622b", ls="--", lw=2, label="best.pt")
    ax.set_xlabel("epoch", fontsize=15)
    ax.set_ylabel(label, fontsize=15)
    ax.set_yscale("log" if metric == "loss" else "linear")
    ax.tick_params(labelsize=14)
    ax.grid(alpha=0.3)
ax_loss.legend(fontsize=14)
ax_acc.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
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
