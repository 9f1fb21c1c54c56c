# %% run
import random

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)          # CPU and every CUDA device

def short_run(seed):                 # one epoch → (final loss, 3 weights)
    seed_everything(seed)
    data = TensorDataset(torch.randn(256, 10), torch.randn(256, 1))
    loader = DataLoader(data, batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
    return loss.item(), model[0].weight[0, :3].tolist()

# %% same-seed
for seed in (0, 0, 1):
    loss, w = short_run(seed)
    print(f"seed {seed}: loss {loss:.6f}  w {[round(v, 4) for v in w]}")
assert short_run(0) == short_run(0)          # bit-for-bit, on this machine

# %% generator
def first_batches(own_generator, extra_draw):
    torch.manual_seed(0)                      # the run's seed, as in seed_everything
    g = torch.Generator().manual_seed(7) if own_generator else None
    loader = DataLoader(range(8), batch_size=4, shuffle=True, generator=g)
    if extra_draw:
        torch.rand(1)                         # one more draw, e.g. a new layer
    return [batch.tolist() for batch in loader]

for own in (False, True):
    before, after = first_batches(own, False), first_batches(own, True)
    print("own generator:" if own else "global seed:  ", before, after)
    assert (before == after) == own           # only the own generator keeps its order

# %% deterministic
benchmark_before = torch.backends.cudnn.benchmark
torch.backends.cudnn.benchmark = False       # no timing-based kernel choice
torch.use_deterministic_algorithms(True)     # error on nondeterministic kernels
print("deterministic only:", torch.are_deterministic_algorithms_enabled())
torch.use_deterministic_algorithms(False)    # both settings back as they were
torch.backends.cudnn.benchmark = benchmark_before
