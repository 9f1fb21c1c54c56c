# %% params
EPOCHS = 100
LR = 0.1

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

schedules = [                         # each is called with the optimizer
    partial(lr_scheduler.StepLR, step_size=30, gamma=0.5),
    partial(lr_scheduler.MultiStepLR, milestones=[20, 50, 80], gamma=0.3),
    partial(lr_scheduler.ExponentialLR, gamma=0.96),
    partial(lr_scheduler.OneCycleLR, max_lr=LR, total_steps=EPOCHS),
    partial(lr_scheduler.CosineAnnealingWarmRestarts, T_0=10, T_mult=2),
]

# %% run-all
histories = {make.func.__name__: lr_history(make) for make in schedules}
for name, history in histories.items():
    print(f"{name:28} first {history[0]:<7.3g} max {max(history):<5.3g}"
          f" last {history[-1]:.3g}")

# %% plot
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 3, figsize=(11, 5.8), sharex=True, sharey=True)
for ax, (name, history) in zip(axes.flat, histories.items()):
    ax.plot(range(EPOCHS), history, lw=3)
    ax.set_title(name.replace("AnnealingWarm", "Annealing\nWarm"),
                 fontsize=16)
    ax.tick_params(labelsize=15)
    ax.grid(alpha=0.3)
fig.supxlabel("epoch", fontsize=16)
fig.supylabel("learning rate", fontsize=16)
axes.flat[-1].axis("off")
plt.tight_layout()
plt.show()
