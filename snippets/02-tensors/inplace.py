# %% inplace
import torch
x = torch.ones(3)
y = x.add(1)                  # a new tensor; x unchanged
x.add_(1)                     # trailing _: changes x itself
x.mul_(10).clamp_(max=15)     # in-place calls return x, so they chain
print(y, x)

# %% augmented
a = torch.zeros(2)
alias = a
a += 1                        # in place: alias sees it
a = a + 1                     # a new tensor: alias does not
print(alias, a)
