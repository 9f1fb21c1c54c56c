# ---
# lecture:
#   requires: [cuda]
#   exclusive: true
#   timeout: 180
#   smoke: {BATCH_SIZES: [64, 1024], STEPS: 3}
# ---
# %% params
BATCH_SIZES = [64, 256, 1024, 4096]
STEPS = 20
DEVICE = "cuda"

# %% model
import time

import torch
import torch.nn as nn

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

    step()                                   # warm-up
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    if device == "cuda":
        torch.cuda.synchronize()             # wait for queued kernels
    return STEPS * batch_size / (time.perf_counter() - start)

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
