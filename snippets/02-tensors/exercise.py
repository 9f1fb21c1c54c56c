# %% points
import torch
torch.manual_seed(0)
P = torch.rand(5, 2)          # 5 points in the plane
C = torch.rand(3, 2)          # 3 centres

# %% distances [solution]
diff = P[:, None, :] - C[None, :, :]      # (5, 1, 2) with (1, 3, 2) → (5, 3, 2)
D = diff.pow(2).sum(dim=-1).sqrt()        # (5, 3): D[i, j] = ‖P[i] − C[j]‖
print(diff.shape, D.shape)
print("matches torch.cdist:", torch.allclose(D, torch.cdist(P, C)))
print("nearest centre of each point:", D.argmin(dim=1).tolist())

# %% distances-exercise
# TODO: diff[i, j] = P[i] - C[j] for all pairs, shape (5, 3, 2), no loop
# TODO: D = Euclidean distances from diff, shape (5, 3): reduce the last axis
raise NotImplementedError("compute diff and D, then print the checks below")
print(diff.shape, D.shape)
print("matches torch.cdist:", torch.allclose(D, torch.cdist(P, C)))
print("nearest centre of each point:", D.argmin(dim=1).tolist())

# %% one-hot [solution]
import torch
import torch.nn.functional as F

labels = torch.tensor([2, 0, 1, 2])
classes = torch.arange(3)
one_hot = (labels[:, None] == classes[None, :]).float()   # (4, 3)
print(one_hot)
expected = F.one_hot(labels, 3).float()
print("matches F.one_hot:", torch.equal(one_hot, expected))

# %% one-hot-exercise
import torch
import torch.nn.functional as F

labels = torch.tensor([2, 0, 1, 2])
classes = torch.arange(3)
# TODO: one_hot = labels vs classes by broadcasting, as floats, no loop
raise NotImplementedError("one_hot[i, k] should be 1.0 exactly when labels[i] == k")
print(one_hot)
expected = F.one_hot(labels, 3).float()
print("matches F.one_hot:", torch.equal(one_hot, expected))

# %% predict [solution]
# Write down what each print shows before you run this cell.
import torch

m = torch.arange(6).view(2, 3)   # [[0, 1, 2], [3, 4, 5]]
t = m.T                          # shape (3, 2)
t[0, 1] = 10
print(m)
print(t.stride(), t.is_contiguous())
print((m.sum(dim=1, keepdim=True) + t.sum(dim=1)).shape)

# %% predict-exercise
# Write down what each print shows before you run this cell.
import torch

m = torch.arange(6).view(2, 3)   # [[0, 1, 2], [3, 4, 5]]
t = m.T                          # shape (3, 2)
t[0, 1] = 10
print(m)
print(t.stride(), t.is_contiguous())
print((m.sum(dim=1, keepdim=True) + t.sum(dim=1)).shape)
