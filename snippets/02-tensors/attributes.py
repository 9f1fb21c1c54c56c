# %% shape
import torch

x = torch.zeros(2, 3, 4)
print(x.ndim)              # number of axes
print(x.shape)             # size along each axis
print(x.shape[1], x.size(-1))
print(x.numel())           # number of elements
print(x.dtype, x.device)

# %% convert
i = torch.tensor([1, 2, 3])
f = i.to(torch.float32)        # a new float tensor; i is unchanged
print(i.dtype, f.dtype)
print(i.to(torch.int64) is i, i.to("cpu") is i)   # nothing to change: i itself
print(i.float().dtype, i.double().dtype, i.half().dtype)
device = "cuda" if torch.cuda.is_available() else "cpu"
z = torch.zeros(2, 2, device=device)   # create directly on a device
print(z.device, i.to(device).device)
print(f.to(device, torch.float64).dtype)

# %% indexing
x = torch.arange(12).reshape(3, 4)
print(x)
print(x[1, 2])          # row 1, column 2
print(x[1])             # a whole row
print(x[:, 2])          # a whole column

# %% slicing
print(x[1:, ::2])       # rows 1.., every second column
print(x[..., -1])       # last column, whatever comes before
print(x[x > 8])         # boolean mask: a 1-D selection
print(x[[0, 2], [1, 3]])  # pairs (0, 1) and (2, 3)

# %% item
s = x[1, 2]
print(s, s.ndim, s.shape)           # still a tensor, 0-d
print(s.item(), type(s.item()))     # a plain Python number
print(x.float().mean().item())
print(x[0].tolist())                # several numbers: a list

# %% item-error [raises=RuntimeError]
x.item()          # only a one-element tensor has an item
