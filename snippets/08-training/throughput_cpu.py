# ---
# lecture:
#   exclusive: true
#   timeout: 120
#   smoke: {BATCH_SIZES: [32, 256], MIN_TIME: 0.05}
# ---
# %% params
BATCH_SIZES = [16, 128, 1024]
MIN_TIME = 0.5         # seconds of timed steps per measurement
THREADS = 1            # one core: other programs disturb the timing less

# %% quiet
import logging

logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)  # CUDA_HOME notice

# %% model
import torch
import torch.nn as nn

def make_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(),
                         nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

# %% timer
from torch.utils import benchmark

def samples_per_second(model, batch_size, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    xb = torch.randn(batch_size, 1, 28, 28, device=device)
    yb = torch.randint(0, 10, (batch_size,), device=device)
    def step():                               # one SGD step
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        optimizer.step()
    timer = benchmark.Timer("step()", globals={"step": step}, num_threads=THREADS)
    return batch_size / min(timer.blocked_autorange(min_run_time=MIN_TIME).times)

# %% cpu-table
model = make_mlp()
print(f"{'batch':>6} {'samples/s':>10}")
for bs in BATCH_SIZES:
    print(f"{bs:>6} {samples_per_second(model, bs, 'cpu'):>10,.0f}")
