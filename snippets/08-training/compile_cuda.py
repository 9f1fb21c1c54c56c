# ---
# lecture:
#   requires: [cuda]
#   timeout: 300
#   smoke: {STEPS: 5}
# ---
# %% params
STEPS = 50
DEVICE = "cuda"

# %% model
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(1024, 1024), nn.GELU(), nn.LayerNorm(1024),
    nn.Linear(1024, 1024), nn.GELU(), nn.Linear(1024, 10)).to(DEVICE)
x = torch.randn(2048, 1024, device=DEVICE)

# %% compile
compiled = torch.compile(model)              # same parameters, compiled lazily
start = time.perf_counter()
out = compiled(x)                            # first call: trace + generate kernels
torch.cuda.synchronize()
first_s = time.perf_counter() - start
torch.testing.assert_close(out, model(x), rtol=1e-3, atol=1e-3)

# %% speed
def ms_per_call(fn):                         # mean of STEPS calls, after a warm-up
    fn(x)
    torch.cuda.synchronize()                 # wait for queued kernels
    start = time.perf_counter()
    for _ in range(STEPS):
        fn(x)
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / STEPS * 1e3

with torch.no_grad():
    eager, fast = ms_per_call(model), ms_per_call(compiled)
print(f"first call (compiles): {first_s:.1f} s")
print(f"later calls: eager {eager:.3f} ms, compiled {fast:.3f} ms (×{eager / fast:.2f})")
