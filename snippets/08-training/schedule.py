# ---
# lecture:
#   timeout: 600
#   smoke: {EPOCHS: 2, SUBSET: 256}
# ---
# %% params
EPOCHS = 10
PEAK_LR = 0.2          # the schedules' highest rate (SGD with momentum 0.9)
BATCH_SIZE = 64
CONSTANT_LRS = [0.2, 0.1, 0.05, 0.02]   # constant rates to tune against
SEEDS = [0, 1, 2]      # each seed: another initial model and data order
SUBSET = None          # an int: train on that many images only (quick checks)

# %% data
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset, TensorDataset, random_split
from torchvision import datasets

raw = datasets.FashionMNIST("data", train=True, download=True)
images = raw.data.unsqueeze(1).float() / 255      # all at once: (N, 1, 28, 28) in [0, 1]
train_set, val_set = random_split(TensorDataset(images, raw.targets), [0.85, 0.15],
                                  generator=torch.Generator().manual_seed(0))
if SUBSET:
    train_set, val_set = Subset(train_set, range(SUBSET)), Subset(val_set, range(SUBSET))
val_loader = DataLoader(val_set, batch_size=256)
loss_fn = nn.CrossEntropyLoss()

@torch.no_grad()
def validate(model):
    """Mean cross-entropy over the validation set."""
    model.eval()
    return sum(loss_fn(model(xb), yb).item() * len(yb) for xb, yb in val_loader) / len(val_set)

# %% fresh-start
def fresh_start(lr, seed=0):
    """The same seeded model, optimizer and data order for every run."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    return model, optimizer, loader

# %% train
def train(make_scheduler, lr=PEAK_LR, seed=0):  # PEAK_LR = 0.2
    model, optimizer, loader = fresh_start(lr, seed)  # MLP, SGD momentum 0.9, data
    scheduler = make_scheduler(optimizer, EPOCHS * len(loader))  # all steps
    per_epoch = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    log = {"lr": [], "val_loss": []}
    for _ in range(EPOCHS):                      # EPOCHS = 10
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            optimizer.step()
            log["lr"].append(optimizer.param_groups[0]["lr"])
            if scheduler and not per_epoch:
                scheduler.step()                  # once per batch
        log["val_loss"].append(validate(model))
        if per_epoch:
            scheduler.step(log["val_loss"][-1])   # once per epoch
    return log

# %% schedules
from torch.optim import lr_scheduler

def warmup_cosine(optimizer, total_steps):
    warmup = total_steps // 10                    # the first 10% of the steps
    return lr_scheduler.SequentialLR(optimizer, milestones=[warmup], schedulers=[
        lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=warmup),
        lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps - warmup)])

def on_plateau(optimizer, total_steps):
    return lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.3, patience=1)

def constant(optimizer, total_steps):
    return None                                   # no scheduler: the rate never changes

# %% sweep
sweep = {lr: train(constant, lr) for lr in CONSTANT_LRS}
for lr, log in sweep.items():
    print(f"constant {lr:<4}  final validation loss {log['val_loss'][-1]:.3f}")
best_lr = min(sweep, key=lambda lr: sweep[lr]["val_loss"][-1])   # tuned on validation

# %% settings
settings = {f"constant {best_lr}": (constant, best_lr),   # the rate tuned on seed 0
            "warm-up + cosine": (warmup_cosine, PEAK_LR),
            "ReduceLROnPlateau": (on_plateau, PEAK_LR)}     # starts at PEAK_LR

# %% runs
seed_runs = {name: [train(make_scheduler, lr, seed) for seed in SEEDS]   # per seed
             for name, (make_scheduler, lr) in settings.items()}
finals = {name: [log["val_loss"][-1] for log in runs] for name, runs in seed_runs.items()}
baseline = finals[f"constant {best_lr}"]
print(f"{'final val loss, seed':20}", *(f"{seed:>7}" for seed in SEEDS), "    mean")
for name, values in finals.items():
    lower = sum(v < c for v, c in zip(values, baseline))   # seeds where it ends lower
    average = sum(values) / len(values)
    print(f"{name:20}", *(f"{v:7.4f}" for v in values), f"{average:8.4f}",
          "" if values is baseline else f"  below constant on {lower} of {len(SEEDS)}")

# %% plot
import matplotlib.pyplot as plt

logs = {name: runs[0] for name, runs in seed_runs.items()}   # plotted: seed 0
fig, (ax_lr, ax_loss) = plt.subplots(1, 2, figsize=(12, 3.3))
steps_per_epoch = len(logs["warm-up + cosine"]["lr"]) / EPOCHS
for (name, log), style in zip(logs.items(), ("-", "--", ":")):
    steps = [s / steps_per_epoch for s in range(len(log["lr"]))]
    ax_lr.plot(steps, log["lr"], style, lw=3, label=name)
    ax_loss.plot(range(1, EPOCHS + 1), log["val_loss"], style, marker="o",
                 lw=3, label=name)
ax_lr.set_xlabel("epoch", fontsize=15)
ax_lr.set_ylabel("learning rate", fontsize=15)
ax_loss.set_xlabel("epoch", fontsize=15)
ax_loss.set_ylabel("validation loss (log)", fontsize=15)
ax_loss.set_yscale("log")
for ax in (ax_lr, ax_loss):
    ax.tick_params(labelsize=15)
    ax.xaxis.set_major_locator(plt.matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
fig.legend(*ax_lr.get_legend_handles_labels(), loc="upper center", ncol=3, fontsize=15,
           frameon=False)
plt.tight_layout(rect=(0, 0, 1, 0.88))
plt.show()
