# %% chain
import torch

x = torch.tensor(2.0, requires_grad=True)
u = x**3
u.retain_grad()                       # keep .grad of this non-leaf
y = torch.log(u)
y.backward()
print(f"dy/du = {u.grad.item():.4f}   1/x³ = {1 / 2.0**3:.4f}")
print(f"dy/dx = {x.grad.item():.4f}   3/x  = {3 / 2.0:.4f}")

# %% flags
print("leaf?       x:", x.is_leaf, " u:", u.is_leaf, " y:", y.is_leaf)
print("keeps grad? x:", x.retains_grad, " u:", u.retains_grad)

# %% walk
node = y.grad_fn
while node is not None:               # follow the graph back to x
    print(node.name())
    node = node.next_functions[0][0] if node.next_functions else None
