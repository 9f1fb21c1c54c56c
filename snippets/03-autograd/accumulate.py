# %% accumulate
import torch

x = torch.tensor(2.0, requires_grad=True)
for step in range(3):
    loss = x**2                       # d/dx = 2x
    loss.backward()
    print(step, x.grad)

# %% zero-grad
for step in range(3):
    x.grad = None                     # or x.grad.zero_()
    loss = x**2
    loss.backward()
    print(step, x.grad)

# %% sum-of-losses
x.grad = None
(x**2).backward()                     # 2x  at x = 2
(x**3).backward()                     # 3x² at x = 2
print("accumulated:", x.grad)
print("2x + 3x²   :", 2 * 2.0 + 3 * 2.0**2)

# %% optimizer
optimizer = torch.optim.SGD([x], lr=0.1)
optimizer.zero_grad()                 # set_to_none=True by default
print(x.grad)
