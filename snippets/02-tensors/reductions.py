# %% reduce
import torch

scores = torch.tensor([[1.0, 2.0, 3.0],
                       [4.0, 6.0, 8.0]])   # (2, 3)
print(scores.sum())                        # all elements: 0-d
print(scores.sum(dim=0))                   # over the rows: (3,)
print(scores.mean(dim=1))                  # over the columns: (2,)
print(scores.mean(dim=1, keepdim=True))    # (2, 1): kept, size 1
best, where = scores.max(dim=1)            # values and indices
print(best, where)

# %% normalise-rows
row_sums = scores.sum(dim=1, keepdim=True)   # (2, 1)
shares = scores / row_sums                   # (2, 3) / (2, 1)
print(shares)
print(shares.sum(dim=1))                     # each row now sums to 1

# %% normalise-rows-error [raises=RuntimeError]
scores / scores.sum(dim=1)                   # (2, 3) / (2,): 3 vs 2
