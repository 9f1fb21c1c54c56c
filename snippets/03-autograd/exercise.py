# %% params
STEPS, RATES = 20, (0.1, 0.4, 0.6, 1.1)   # SGD steps; learning rates to try

# %% bowl
import torch

def bowl(p):                          # minimum at (3, -1), where bowl = 0
    x, y = p
    return (x - 3) ** 2 + 2 * (y + 1) ** 2

# %% descend-2d [solution]
def descend(lr, steps):
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=lr)
    for step in range(steps):
        optimizer.zero_grad()
        bowl(p).backward()
        optimizer.step()
    return p.detach()

print(f"{'lr':>4}  {'|x - 3|':>8}  {'|y + 1|':>8}   after {STEPS} steps")
for lr in RATES:
    x, y = descend(lr, STEPS)
    print(f"{lr:>4}  {abs(x - 3):8.1e}  {abs(y + 1):8.1e}")

# %% descend-2d-exercise
def descend(lr, steps):
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimizer = ...                   # TODO: SGD over [p] with learning rate lr
    for step in range(steps):
        ...                           # TODO: zero the grad, loss, backward, step
    return p.detach()

print(f"{'lr':>4}  {'|x - 3|':>8}  {'|y + 1|':>8}   after {STEPS} steps")
for lr in RATES:
    x, y = descend(lr, STEPS)
    print(f"{lr:>4}  {abs(x - 3):8.1e}  {abs(y + 1):8.1e}")

# %% gradient-check [solution]
x = torch.tensor(1.0, requires_grad=True)
y = torch.tensor(2.0, requires_grad=True)
f = x**2 * y + torch.sin(y)
f.backward()
analytic = (2 * x * y, x**2 + torch.cos(y))          # (∂f/∂x, ∂f/∂y) by hand
print(f"autograd: ({x.grad:.4f}, {y.grad:.4f})")
print(f"by hand:  ({analytic[0]:.4f}, {analytic[1]:.4f})")
torch.testing.assert_close(torch.stack([x.grad, y.grad]), torch.stack(analytic).detach())

# %% gradient-check-exercise
x = torch.tensor(1.0, requires_grad=True)
y = torch.tensor(2.0, requires_grad=True)
f = x**2 * y + torch.sin(y)
...                                   # TODO: let autograd fill x.grad and y.grad
analytic = ...                        # TODO: (∂f/∂x, ∂f/∂y) by hand, as tensors
raise NotImplementedError("compare x.grad, y.grad with the analytic gradient")

# %% predict [solution]
# Write down what each print shows before you run this cell.
w = torch.tensor(2.0, requires_grad=True)
for _ in range(3):
    loss = w ** 2
    loss.backward()
print(w.grad)
with torch.no_grad():
    tripled = w * 3
print(tripled.requires_grad, w.grad_fn, (w * 3).grad_fn is not None)

# %% predict-exercise
# Write down what each print shows before you run this cell.
w = torch.tensor(2.0, requires_grad=True)
for _ in range(3):
    loss = w ** 2
    loss.backward()
print(w.grad)
with torch.no_grad():
    tripled = w * 3
print(tripled.requires_grad, w.grad_fn, (w * 3).grad_fn is not None)
