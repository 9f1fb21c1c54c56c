# %% formats
import torch

print(f"{'dtype':>15} {'bits':>5} {'largest':>10} {'eps':>9}")
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    info = torch.finfo(dtype)
    print(f"{str(dtype):>15} {info.bits:>5} {info.max:>10.3g} {info.eps:>9.2g}")

# %% autocast
import torch.nn as nn

model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
x, y = torch.randn(32, 64), torch.randint(0, 10, (32,))
with torch.autocast("cpu", dtype=torch.bfloat16):
    logits = model(x)                         # matmuls run in bfloat16
    loss = nn.functional.cross_entropy(logits, y)   # autocast keeps float32
loss.backward()                               # outside the context
print("weights:", model[0].weight.dtype, " logits:", logits.dtype)
print("loss:", loss.dtype, " grads:", model[0].weight.grad.dtype)

# %% underflow
tiny = torch.tensor(1e-8)                     # a small gradient, in float32
print(f"float16: {tiny.half().item()}   scaled by 2**16 first: {(tiny * 2**16).half().item():.3g}")

# %% grad-scaler
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu")          # "cuda" on a GPU
optimizer.zero_grad()
with torch.autocast("cpu", dtype=torch.float16):
    loss = nn.functional.cross_entropy(model(x), y)
scaler.scale(loss).backward()                 # backward of loss × S
scaler.step(optimizer)                        # grads ÷ S; skipped if inf/nan
scaler.update()                               # adapt S for the next step
print("loss:", loss.dtype, " S:", scaler.get_scale(), " grads:", model[0].weight.grad.dtype)
