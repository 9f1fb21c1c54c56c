# ---
# lecture:
#   requires: [cuda]
#   timeout: 300
#   smoke: {STEPS: 5}
# ---
# %% params
STEPS = 50
DEVICE = "cuda"

# %% compile
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(1024, 1024), nn.GELU(), nn.LayerNorm(1024),
    nn.Linear(1024, 1024), nn.GELU(), nn.Linear(1024, 10)).to(DEVICE)
compiled = torch.compile(model)              # same parameters, traced lazily
x = torch.randn(2048, 1024, device=DEVICE)

# %% first-call
start = time.perf_counter()
out = compiled(x)                            # first call: trace + generate kernels
torch.cuda.synchronize()
print(f"first call (compiles): {time.perf_counter() - start:.1f} s")
torch.testing.assert_close(out, model(x), rtol=1e-3, atol=1e-3)

# %% speed
def ms_per_call(fn):
    fn(x)
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(STEPS):
        fn(x)
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / STEPS * 1e3

with torch.no_grad():
    eager, fast = ms_per_call(model), ms_per_call(compiled)
print(f"eager {eager:.3f} ms   compiled {fast:.3f} ms   ×{eager / fast:.2f}")
