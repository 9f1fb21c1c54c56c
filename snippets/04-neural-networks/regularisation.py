# %% setup
import torch
import torch.nn as nn
import torch.nn.functional as F

# %% weight-decay
import copy
X, y = torch.randn(20, 10), torch.randn(20, 1)
a = nn.Linear(10, 1)
b = copy.deepcopy(a)                                                # same start
opt_a = torch.optim.SGD(a.parameters(), lr=0.1, weight_decay=0.01)  # decay: optimizer
opt_b = torch.optim.SGD(b.parameters(), lr=0.1)                     # decay: in the loss

F.mse_loss(a(X), y).backward()
opt_a.step()
l2 = sum(p.pow(2).sum() for p in b.parameters())
(F.mse_loss(b(X), y) + 0.01 / 2 * l2).backward()
opt_b.step()
same = all(torch.allclose(pa, pb) for pa, pb in zip(a.parameters(), b.parameters()))
print("same weight and bias after one step:", same)

# %% dropout
torch.set_printoptions(precision=1)
dropout = nn.Dropout(p=0.5)
x = torch.ones(10)
dropout.train()             # training mode, the default for a new module
print(dropout(x))           # zeroed with prob. p, survivors scaled by 1/(1-p)
dropout.eval()              # evaluation mode
print(dropout(x))           # identity
