# ---
# lecture:
#   smoke: {STEPS: 20}
# ---
# %% params
STEPS = 200

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

# %% train
def train(use_amp, seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    X, Y = torch.randn(512, 64), torch.randint(0, 10, (512,))
    for step in range(STEPS):
        idx = torch.randint(0, 512, (64,))
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_amp):
            loss = nn.functional.cross_entropy(model(X[idx]), Y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()                        # the last batch's loss, in float32

# %% train-compare
print(f"final loss  float32 {train(False):.4f}  bfloat16 {train(True):.4f}")
