# %% make
import torch
import torch.nn.functional as F

x = torch.tensor([-1.0, 0.0, 2.0])
print(x)

# %% use
print(F.relu(x) * 2)
print(torch.randint(0, 1000, (4,)))   # the draws it would make run alone
