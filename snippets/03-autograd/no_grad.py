# %% no-grad
import torch

w = torch.tensor(1.0, requires_grad=True)
with torch.no_grad():
    z = w * 2
print(f"inside:  {z.requires_grad=}  {z.grad_fn=}")
print(f"outside: {(w * 2).requires_grad=}")

# %% in-place [raises=RuntimeError]
loss = (3 * w - 6) ** 2
loss.backward()
w -= 0.01 * w.grad                    # in-place change to a leaf that requires grad

# %% update
with torch.no_grad():
    w -= 0.01 * w.grad                # a plain number update
print(w, w.is_leaf)

# %% to-numpy [raises=RuntimeError]
w.numpy()

# %% detach
d = w.detach()
print(f"{d.requires_grad=}  {d.numpy()=}")
d += 1                                # same storage as w ...
print(w)                              # ... so w changed too

# %% clone
snapshot = w.detach().clone()         # an independent copy
snapshot += 100
print(w, snapshot)
