# ---
# lecture:
#   requires: [cuda]
#   exclusive: true
#   timeout: 240
#   smoke: {WIDTH: 1024, STEPS: 5}
# ---
# %% params
WIDTH = 4096
STEPS = 50
DEVICE = "cuda"

# %% setup
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.randn(1024, WIDTH, device=DEVICE)
Y = torch.randint(0, 10, (1024,), device=DEVICE)

def make_wide_mlp():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(WIDTH, WIDTH), nn.ReLU(), nn.Linear(WIDTH, WIDTH),
                         nn.ReLU(), nn.Linear(WIDTH, 10)).to(DEVICE)

# %% fp16-step
model = make_wide_mlp()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
scaler = torch.amp.GradScaler(DEVICE)        # float16 gradients can underflow to 0

def fp16_step(xb, yb):
    optimizer.zero_grad()
    with torch.autocast(DEVICE, dtype=torch.float16):
        loss = nn.functional.cross_entropy(model(xb), yb)
    scaler.scale(loss).backward()            # loss × S, so small grads survive
    scaler.step(optimizer)                   # unscale; skip the step on inf/nan
    scaler.update()                          # adapt S
    return loss

print("loss dtype:", fp16_step(X, Y).dtype, " scale:", scaler.get_scale())

# %% compare
def ms_per_step(dtype):
    model = make_wide_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    scaler = torch.amp.GradScaler(DEVICE, enabled=(dtype == torch.float16))

    def step():
        optimizer.zero_grad()
        with torch.autocast(DEVICE, dtype=dtype or torch.float32, enabled=dtype is not None):
            loss = nn.functional.cross_entropy(model(X), Y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        return loss

    step()                                   # warm-up
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(STEPS):
        loss = step()
    torch.cuda.synchronize()
    return (time.perf_counter() - start) / STEPS * 1e3, loss.item()

for name, dtype in [("float32", None), ("float16 + scaler", torch.float16),
                    ("bfloat16", torch.bfloat16)]:
    ms, loss = ms_per_step(dtype)
    print(f"{name:>17}: {ms:7.2f} ms/step   last loss {loss:.4f}")
