# ---
# lecture:
#   exclusive: true
#   timeout: 120
#   smoke: {BATCH_SIZES: [32, 256], STEPS: 3}
# ---
# %% params
BATCH_SIZES = [16, 64, 256, 1024]
STEPS = 10

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

# %% cpu-table
torch.manual_seed(0)
model = make_mlp()
rates = {}
print(f"CPU, torch threads: {torch.get_num_threads()}")
print(f"{'batch':>6} {'samples/s':>10}")
for bs in BATCH_SIZES:
    rates[bs] = samples_per_second(model, bs, "cpu")
    print(f"{bs:>6} {rates[bs]:>10,.0f}")

# %% cpu-plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.0, 4.6))
ax.plot(list(rates), list(rates.values()), "o-", lw=2.5, ms=8)
ax.set_xscale("log", base=2)
ax.set_xticks(list(rates), labels=[str(b) for b in rates])
ax.minorticks_off()
ax.set_ylim(bottom=0)
ax.set_xlabel("batch size", fontsize=16)
ax.set_ylabel("training samples / s", fontsize=16)
ax.set_title("MLP training throughput, CPU", fontsize=17)
ax.tick_params(labelsize=16)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()
