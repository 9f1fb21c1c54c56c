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
print("1e-8 in float16:", torch.tensor(1e-8).half().item())   # underflow: lost
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu")     # "cuda" on a GPU
optimizer.zero_grad()
with torch.autocast("cpu", dtype=torch.float16):
    loss = nn.functional.cross_entropy(model(x), y)
scaler.scale(loss).backward()            # backward of loss × S: no underflow
scaler.step(optimizer)                   # grads ÷ S; skipped if inf/nan
scaler.update()                          # adapt S for the next step
print("loss:", loss.dtype, "  S:", scaler.get_scale())
