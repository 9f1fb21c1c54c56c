# ---
# lecture:
#   exclusive: true
#   timeout: 300
#   smoke: {MIN_TIME: 0.05}
# ---
# %% params
MIN_TIME = 0.5         # seconds of timed calls per measurement

# %% quiet
import logging

logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)  # CUDA_HOME notice

# %% model
import time

import torch
import torch.nn as nn
from torch.utils import benchmark

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
torch.set_num_threads(1)      # one core: other programs disturb the timing less

class TanhGELU(nn.Module):    # GELU written out: eight elementwise operations
    def forward(self, z):
        return 0.5 * z * (1 + torch.tanh(0.79788456 * (z + 0.044715 * z**3)))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(128, 512), TanhGELU(), nn.Linear(512, 512), TanhGELU(),
                      nn.Linear(512, 10)).to(DEVICE)
batch = torch.randn(1024, 128, device=DEVICE)

def ms_per_call(fn):                     # fastest of repeated blocks
    timer = benchmark.Timer("fn(batch)", globals={"fn": fn, "batch": batch})
    return min(timer.blocked_autorange(min_run_time=MIN_TIME).times) * 1e3

# %% compile
compiled = torch.compile(model)          # shares the parameters
with torch.no_grad():
    start = time.perf_counter()
    out = compiled(batch)                # first call: trace, generate code
    first_s = time.perf_counter() - start
    torch.testing.assert_close(out, model(batch), rtol=1e-4, atol=1e-4)
print(f"first call (compiles): {first_s:.1f} s; outputs match eager")

# %% speed
with torch.no_grad():
    eager, fast = ms_per_call(model), ms_per_call(compiled)
print(f"{DEVICE}: eager {eager:.2f} ms, compiled {fast:.2f} ms (×{eager / fast:.2f})")
