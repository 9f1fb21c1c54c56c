# %% leaf
import torch

x = torch.tensor(2.0, requires_grad=True)   # we ask autograd to track x
w = torch.tensor(3.0)                        # a plain constant
print(f"{x.requires_grad=}  {x.is_leaf=}  {x.grad_fn=}")
print(f"{w.requires_grad=}  {w.is_leaf=}  {w.grad_fn=}")

# %% grad-fn
y = x**3 + w * x
print(f"{y.requires_grad=}  {y.is_leaf=}")
print(y.grad_fn)
print([node.name() for node, _ in y.grad_fn.next_functions])

# %% backward
print("before:", x.grad)
y.backward()                          # fills .grad of every leaf
print("after: ", x.grad)
print("by hand 3x² + w =", 3 * 2.0**2 + 3.0)
print("w.grad:", w.grad)              # w was not tracked

# %% twice [raises=RuntimeError]
y.backward()                          # the first call freed the graph
