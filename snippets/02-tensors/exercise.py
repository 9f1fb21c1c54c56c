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
diff = ...                    # TODO: insert axes so P (5, 2) and C (3, 2) broadcast
D = ...                       # TODO: (5, 3) Euclidean distances, no Python loop
print(diff.shape, D.shape)
print("matches torch.cdist:", torch.allclose(D, torch.cdist(P, C)))
print("nearest centre of each point:", D.argmin(dim=1).tolist())
