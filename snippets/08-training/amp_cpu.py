# %% formats
import torch
import torch.nn as nn
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    info = torch.finfo(dtype)
    print(f"{str(dtype):>14}: max {info.max:8.3g}   eps {info.eps:.2g}")

# %% autocast
model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
x, y = torch.randn(32, 64), torch.randint(0, 10, (32,))
with torch.autocast("cpu", dtype=torch.bfloat16):
    logits = model(x)                               # matmuls in bfloat16
    loss = nn.functional.cross_entropy(logits, y)   # kept in float32
loss.backward()                                     # outside the context
print("weights:", model[0].weight.dtype, " logits:", logits.dtype)
print("loss:", loss.dtype, " grads:", model[0].weight.grad.dtype)

# %% grad-scaler
# model, x, y: the MLP and the batch of the previous slide
tiny, S = torch.tensor(1e-8), 2.0**16              # a gradient, a loss scale
rescued = (tiny * S).half().float() / S           # ×S, stored as float16, ÷S in float32
print("1e-8 in float16:", tiny.half().item(), f"  scaled, then unscaled: {rescued:.4g}")
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu")     # "cuda" on a GPU
optimizer.zero_grad()
with torch.autocast("cpu", dtype=torch.float16):
    loss = nn.functional.cross_entropy(model(x), y)
scaler.scale(loss).backward()            # backward of loss × S: no underflow
scaler.step(optimizer)                   # grads ÷ S; skipped if inf/nan
scaler.update()                          # adapt S for the next step
print("loss:", loss.dtype, "  S:", scaler.get_scale())
