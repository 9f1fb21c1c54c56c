# %% make
import torch
import torch.nn.functional as F

x = torch.tensor([-1.0, 0.0, 2.0])
print(x)

# %% use
print(F.relu(x) * 2)
