# %% numpy-like
import numpy as np
import torch

a = np.arange(6).reshape(2, 3)
t = torch.arange(6).reshape(2, 3)
print(a.sum(axis=0), a.T.shape, a.dtype)
print(t.sum(dim=0), t.T.shape, t.dtype)
print(torch.from_numpy(a).equal(t))     # NumPy ⇄ PyTorch in one call

# %% autograd
x = torch.tensor(2.0, requires_grad=True)
y = x**3 + 2 * x              # dy/dx = 3x² + 2 = 14 at x = 2
y.backward()                  # PyTorch works out the derivative
print(y, x.grad)

# %% dynamic
def grow(x):
    while x.norm() < 10:      # how many doublings? depends on the data
        x = x * 2
    return x.sum()
for start in (1.0, 0.1):
    x = torch.tensor([start, start], requires_grad=True)
    grow(x).backward()        # the graph is whatever actually ran
    print(f"start {start}: gradient {x.grad.tolist()}")

# %% gpu
device = "cuda" if torch.cuda.is_available() else "cpu"
a = torch.randn(1000, 1000, device=device)   # created directly on the device
b = (a @ a.T).to("cpu")                      # computed there, copied back
print(device, b.shape, b.device)
