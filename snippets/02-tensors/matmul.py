# %% matmul
import torch

A, B = torch.ones(2, 3), torch.ones(3, 4)    # (n, k) and (k, m)
print((A @ B).shape)                         # (n, m): the k's meet
As = torch.ones(8, 2, 3)                     # a batch of 8 matrices
Bs = torch.ones(8, 3, 4)                     # and 8 more
print(torch.matmul(As, Bs).shape)            # 8 products at once
print((As @ B).shape)                        # B shared by all 8

# %% matmul-error [raises=RuntimeError]
B @ A                                        # (3, 4) @ (2, 3): 4 vs 2
