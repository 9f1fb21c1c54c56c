# %% setup
import torch


def same_storage(a, b):
    """True when a and b look at the same block of memory."""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# %% view
x = torch.arange(6)
v = x.view(2, 3)               # same numbers, new shape
v[0, 0] = 100                  # write through the view…
print(x)                       # …and x changes too
print(same_storage(x, v))
print(x.view(3, -1).shape)     # -1: worked out from the rest
print(v.stride())              # steps in memory per axis

# %% reshape
m = torch.arange(6).reshape(2, 3)
t = m.T                          # transpose: a view, not contiguous
print(t.is_contiguous(), t.stride())
r = t.reshape(6)                 # reshape copies when it must…
print(r, same_storage(r, t))
print(same_storage(m.reshape(3, 2), m))   # …and views when it can

# %% view-error [raises=RuntimeError]
t.view(6)        # view never copies, so it refuses here

# %% contiguous
c = t.contiguous()               # copy into row-major order
print(c.is_contiguous(), c.stride(), same_storage(c, t))
print(c.view(6))                 # now view works
print(m.contiguous() is m)       # already contiguous: no copy

# %% squeeze
x = torch.zeros(3, 1, 4)
print(x.squeeze().shape)         # drop every size-1 axis
print(x.squeeze(1).shape)        # drop axis 1 only
v = torch.tensor([1.0, 2.0, 3.0])
print(v.unsqueeze(0).shape)      # a row: (1, 3)
print(v.unsqueeze(1).shape)      # a column: (3, 1)
print(v[None, :].shape, v[:, None].shape)

# %% permute
img = torch.zeros(32, 48, 3)        # height, width, channels
chw = img.permute(2, 0, 1)          # channels first, as PyTorch layers expect
print(chw.shape)
print(img.transpose(0, 1).shape)    # swap two axes
print(img.stride(), chw.stride())   # same memory, reordered strides
print(same_storage(img, chw), chw.is_contiguous())

# %% clone
w = torch.ones(3, requires_grad=True)
c = w.clone().detach()          # own memory, no autograd history
c[0] = 5.0
print(w)
print(c, c.requires_grad, same_storage(c, w))
d = w.detach()                  # no history, but shares memory with w
print(same_storage(d, w))
