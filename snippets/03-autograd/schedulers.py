# %% params
EPOCHS, LR = 100, 0.1          # length of every schedule; base learning rate

# %% record
import torch
from torch import optim

def lr_history(make_scheduler, epochs=EPOCHS):
    w = torch.zeros(1, requires_grad=True)
    optimizer = optim.SGD([w], lr=LR)
    scheduler = make_scheduler(optimizer)
    history = []
    for epoch in range(epochs):
        history.append(scheduler.get_last_lr()[0])
        optimizer.step()              # ... one epoch of training ...
        scheduler.step()              # then update the learning rate
    return history

# %% schedules
from functools import partial
from torch.optim import lr_scheduler

schedules = {                         # each is called with the optimizer
    "StepLR": partial(lr_scheduler.StepLR, step_size=30, gamma=0.5),
    "MultiStepLR": partial(lr_scheduler.MultiStepLR, milestones=[20, 50, 80], gamma=0.3),
    "ExponentialLR": partial(lr_scheduler.ExponentialLR, gamma=0.96),
    "OneCycleLR": partial(lr_scheduler.OneCycleLR, max_lr=LR, total_steps=EPOCHS),
    "CosineAnnealingWarmRestarts": partial(lr_scheduler.CosineAnnealingWarmRestarts,
                                           T_0=10, T_mult=2),
}

# %% warmup
def warmup_cosine(optimizer, warmup=10, epochs=EPOCHS):
    """Linear warm-up from 1% of the rate, then cosine decay to 0."""
    return lr_scheduler.SequentialLR(optimizer, milestones=[warmup], schedulers=[
        lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=warmup),
        lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs - warmup)])

schedules["warm-up + cosine"] = warmup_cosine

# %% run-all
histories = {name: lr_history(make) for name, make in schedules.items()}
for name, history in histories.items():
    print(f"{name:28} first {history[0]:<7.3g} max {max(history):<5.3g}"
          f" last {history[-1]:.3g}")

# %% plot
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 3, figsize=(10, 5.3), sharex=True, sharey=True)
for ax, (name, history) in zip(axes.flat, histories.items()):
    ax.plot(range(EPOCHS), history, lw=3)
    ax.set_title(name.replace("AnnealingWarm", "Annealing\nWarm"),
                 fontsize=16)
    ax.tick_params(labelsize=15)
    ax.grid(alpha=0.3)
fig.supxlabel("epoch", fontsize=16)
fig.supylabel("learning rate", fontsize=16)
plt.tight_layout()
plt.show()
