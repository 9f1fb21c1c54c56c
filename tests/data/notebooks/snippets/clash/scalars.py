# %% rebind
import torch

F = 28 * 28          # a feature count, where the other snippet has torch.nn.functional
x = 0.5
noise = torch.rand(100)   # draws from the generator in between
print(F * x)
