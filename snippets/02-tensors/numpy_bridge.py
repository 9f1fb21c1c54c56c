# %% sharing
import numpy as np
import torch

a = np.zeros(3)
t_from = torch.from_numpy(a)                     # shares a's memory
t_as = torch.as_tensor(a)                        # shares too (same dtype, CPU)
t_f32 = torch.as_tensor(a, dtype=torch.float32)  # other dtype: must copy
t_copy = torch.tensor(a)                         # always copies
a[0] = 7.0
print(t_from, t_as, t_f32, t_copy, sep="\n")

# %% to-numpy
t = torch.ones(3)
n = t.numpy()              # a NumPy view of t's memory
t.add_(1)
print(n)

# %% grad-numpy [raises=RuntimeError]
w = torch.ones(3, requires_grad=True)
w.numpy()

# %% detach-numpy
print(w.detach().numpy())          # leave the autograd graph first

# %% device-numpy [raises=TypeError]
torch.empty(2, 2, device="meta").numpy()   # meta: shape and dtype, no data

# %% portable-numpy
device = "cuda" if torch.cuda.is_available() else "cpu"
weights = torch.ones(2, 2, device=device, requires_grad=True)
print(weights.detach().cpu().numpy())   # works wherever the tensor lives
