# ---
# lecture:
#   requires: [cuda]
# ---
# %% on-gpu
import torch

a_gpu = torch.ones(3).cuda()

# %% after
print(a_gpu.sum().item())
