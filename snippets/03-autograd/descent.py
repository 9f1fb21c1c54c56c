# %% params
X0 = 12.0        # starting point
LR = 0.1         # learning rate
STEPS = 30

# %% function
import torch

def f(x):
    return 0.1 * x**3 - 0.8 * x**2 - 1.5 * x + 5.4

# %% by-hand
x = torch.tensor(X0, requires_grad=True)
by_hand = [x.item()]
for step in range(STEPS):
    loss = f(x)
    loss.backward()                   # x.grad = f'(x)
    with torch.no_grad():
        x -= LR * x.grad              # step against the slope
    x.grad.zero_()                    # or it accumulates
    by_hand.append(x.item())

# %% result
print("first steps:", [round(v, 3) for v in by_hand[:5]])
print(f"after {STEPS} steps: x = {by_hand[-1]:.4f}")
x_star = (1.6 + (1.6**2 + 4 * 0.3 * 1.5) ** 0.5) / 0.6   # f'(x) = 0
print(f"analytic minimum:  x = {x_star:.4f}")

# %% slopes
first = torch.tensor(by_hand[:4], requires_grad=True)
f(first).sum().backward()             # f'(x) at the first four steps
print(first.grad)

# %% plot
import matplotlib.pyplot as plt

grid = torch.linspace(-3, 13, 300)
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(grid, f(grid), lw=2.5, label="f(x)")
for x0, slope in zip(first.detach(), first.grad):
    near = torch.linspace(x0 - 2, x0 + 2, 2)
    ax.plot(near, f(x0) + slope * (near - x0), "--", color="tab:red", lw=1)
ax.plot(by_hand, f(torch.tensor(by_hand)), "o", ms=6, label=f"steps (lr={LR})")
ax.set(xlabel="x", ylabel="f(x)", xlim=(-3, 13.5), ylim=(-15, 75))
ax.legend(fontsize=12)
plt.tight_layout()
plt.show()

# %% sgd
x = torch.tensor(X0, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=LR)
with_sgd = [x.item()]
for step in range(STEPS):
    optimizer.zero_grad()
    loss = f(x)
    loss.backward()
    optimizer.step()                  # x -= lr * x.grad
    with_sgd.append(x.item())

# %% compare
hand, sgd = torch.tensor(by_hand), torch.tensor(with_sgd)
torch.testing.assert_close(sgd, hand)         # raises if they differ
print("trajectories match:", torch.allclose(sgd, hand))
print("by hand, last steps:", hand[-3:])
print("SGD,     last steps:", sgd[-3:])

# %% compare-plot
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(by_hand, "o", ms=9, mfc="none", label="by hand")
ax.plot(with_sgd, ".-", label="torch.optim.SGD")
ax.axhline(x_star, color="gray", ls=":", label="analytic minimum")
ax.set(xlabel="step", ylabel="x")
ax.legend(fontsize=12)
plt.tight_layout()
plt.show()

# %% wrong-keyword [raises=TypeError]
torch.optim.SGD([x], learning_rate=0.1)

# %% descend
def descend(lr, steps=STEPS):
    x = torch.tensor(X0, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=lr)
    path = [x.item()]
    for step in range(steps):
        optimizer.zero_grad()
        f(x).backward()
        optimizer.step()
        path.append(x.item())
    return path

# %% lr-sweep
paths = {}
for lr in (0.02, 0.1, 0.4, 0.6):
    paths[lr] = descend(lr)
    print(f"lr {lr:<4}: x = {paths[lr][-1]:.4f}")

# %% lr-plot
fig, ax = plt.subplots(figsize=(6, 4.5))
for lr, path in paths.items():
    ax.plot(path, ".-", label=f"lr = {lr}")
ax.axhline(x_star, color="gray", ls=":")
ax.set(xlabel="step", ylabel="x", ylim=(-15, 14))
ax.legend(fontsize=12)
plt.tight_layout()
plt.show()
