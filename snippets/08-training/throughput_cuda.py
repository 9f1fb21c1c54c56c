# ---
# lecture:
#   requires: [cuda]
#   exclusive: true
#   timeout: 180
#   smoke: {BATCH_SIZES: [64, 1024], MIN_TIME: 0.05}
# ---
# %% params
BATCH_SIZES = [64, 256, 1024, 4096]
MIN_TIME = 0.5         # seconds of timed steps per measurement
THREADS = 8            # CPU threads for the CPU column
DEVICE = "cuda"

# %% quiet
import logging

logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)  # CUDA_HOME notice

# %% model
import torch
import torch.nn as nn
from torch.utils import benchmark

def make_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(),
                         nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

def samples_per_second(model, batch_size, device):
    """Training-step throughput on random FashionMNIST-shaped batches."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    xb = torch.randn(batch_size, 1, 28, 28, device=device)
    yb = torch.randint(0, 10, (batch_size,), device=device)

    def step():
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(xb), yb).backward()
        optimizer.step()

    # Timer synchronises CUDA before reading the clock: kernels are queued, not finished
    timer = benchmark.Timer("step()", globals={"step": step},
                            num_threads=THREADS)
    blocks = timer.blocked_autorange(min_run_time=MIN_TIME)   # warm-up, repeats
    return batch_size / min(blocks.times)    # the fastest block

# %% compare
torch.manual_seed(0)
cpu_model = make_mlp()
gpu_model = make_mlp().to(DEVICE)          # parameters now live on the GPU
print(torch.cuda.get_device_name() if DEVICE == "cuda" else DEVICE)
print(f"{'batch':>6} {'CPU samples/s':>14} {'GPU samples/s':>14} {'speed-up':>9}")
for bs in BATCH_SIZES:
    cpu = samples_per_second(cpu_model, bs, "cpu")
    gpu = samples_per_second(gpu_model, bs, DEVICE)
    print(f"{bs:>6} {cpu:>14,.0f} {gpu:>14,.0f} {gpu / cpu:>8.1f}×")
