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
from torchvision import datasets
from torchvision.transforms import v2

to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
train_full = datasets.FashionMNIST("data", train=True, download=True, transform=to_tensor)
test_set = datasets.FashionMNIST("data", train=False, transform=to_tensor)
image, label = train_full[0]
print(len(train_full), "training and", len(test_set), "test images")
print("item 0:", tuple(image.shape), image.dtype, label, train_full.classes[label])

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

# %% fit-run
from loop import fit, load_checkpoint, run_epoch   # loop.py, beside this file

history = fit(model, optimizer, loss_fn, train_loader, val_loader, MAX_EPOCHS, PATIENCE,
              device)

# %% resume
model = make_model().to(device)            # resume or extend: rebuild, then load
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
checkpoint = load_checkpoint("last.pt", model, optimizer)  # weights + Adam state
best_loss = checkpoint["stopper"]["best"]
bad_epochs = checkpoint["stopper"]["bad_epochs"]
print(f"last.pt: epoch {checkpoint['epoch']}, best val loss {best_loss:.3f},"
      f" {bad_epochs} epochs without improvement")
history = fit(model, optimizer, loss_fn, train_loader, val_loader,
              checkpoint["epoch"] + 2, PATIENCE + 2, device,   # 2 epochs, patience 5
              resume=checkpoint)
print(f"history: {len(history['val_loss'])} epochs")

# %% restore
import os

best = make_model()
checkpoint = load_checkpoint("best.pt", best)           # the best weights, not the last
test_loss, test_acc = run_epoch(best.to(device), test_loader, loss_fn, device=device)
print("in the run's folder:", sorted(f for f in os.listdir() if f.endswith(".pt")))
print(f"best.pt: epoch {checkpoint['epoch']}, test accuracy {test_acc:.1%}")
