# %% data
import torch
import torch.nn as nn

pred = torch.tensor([0.5, 2.0, -1.0, 4.0])
target = torch.tensor([0.0, 2.5, 1.5, 0.5])
DELTA = 1.0           # where the loss switches from quadratic to linear

# %% huber [solution]
def huber(pred, target, delta=DELTA):
    error = (pred - target).abs()
    quadratic = 0.5 * error**2                      # small errors: like MSE
    linear = delta * (error - 0.5 * delta)          # large errors: like L1
    return torch.where(error <= delta, quadratic, linear).mean()

print(f"by hand     : {huber(pred, target):.4f}")
print(f"nn.HuberLoss: {nn.HuberLoss(delta=DELTA)(pred, target):.4f}")
torch.testing.assert_close(huber(pred, target), nn.HuberLoss(delta=DELTA)(pred, target))

# %% huber-exercise
def huber(pred, target, delta=DELTA):
    error = (pred - target).abs()
    ...                   # TODO: 0.5·e² where e ≤ δ, δ·(e − δ/2) elsewhere; then the mean

print(f"by hand     : {huber(pred, target):.4f}")
print(f"nn.HuberLoss: {nn.HuberLoss(delta=DELTA)(pred, target):.4f}")
