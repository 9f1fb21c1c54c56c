# %% params
STEPS = 100
LR = 0.1

# %% bowl
import torch

def bowl(p):                          # minimum at (3, -1), where bowl = 0
    x, y = p
    return (x - 3) ** 2 + 2 * (y + 1) ** 2

# %% descend-2d [solution]
p = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([p], lr=LR)
for step in range(STEPS):
    optimizer.zero_grad()
    loss = bowl(p)
    loss.backward()
    optimizer.step()
print(f"after {STEPS} steps: p = ({p[0]:.4f}, {p[1]:.4f}), loss = {bowl(p).item():.1e}")
torch.testing.assert_close(p.detach(), torch.tensor([3.0, -1.0]))

# %% descend-2d-exercise
p = torch.zeros(2, requires_grad=True)
optimizer = ...                       # TODO: SGD over [p] with lr=LR
for step in range(STEPS):
    ...                               # TODO: zero, loss, backward, step
print(f"after {STEPS} steps: p = ({p[0]:.4f}, {p[1]:.4f}), loss = {bowl(p).item():.1e}")
