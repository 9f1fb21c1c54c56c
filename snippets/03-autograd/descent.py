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

grid = torch.linspace(5, 13.5, 300)
fig, ax = plt.subplots(figsize=(6.4, 6))
ax.plot(grid, f(grid), lw=2, color="tab:blue", alpha=0.6, label="f(x)")
for t, (x0, slope) in enumerate(zip(first.detach(), first.grad)):
    near = torch.linspace(x0 - 0.7, x0 + 0.7, 2)     # short: the four must not overlap
    ax.plot(near, f(x0) + slope * (near - x0), "--", color="darkred", lw=3.5, zorder=4,
            label="tangent (slope f'(x))" if t == 0 else None)
    ax.annotate(f"slope {slope:.1f}", (x0, f(x0)), xytext=(14, -10),
                textcoords="offset points", fontsize=14, color="darkred", zorder=6,
                bbox=dict(fc="white", ec="none", alpha=0.85, pad=1))
    x1 = by_hand[t + 1]
    ax.annotate("", xy=(x1, f(torch.tensor(x1))), xytext=(x0, f(x0)),
                arrowprops=dict(arrowstyle="-|>", lw=2, color="black",
                                connectionstyle="arc3,rad=0.3", mutation_scale=18))
ax.plot(by_hand, f(torch.tensor(by_hand)), "o", ms=9, color="tab:orange",
        mec="black", zorder=5, label=f"steps, lr = {LR}")
ax.axvline(x_star, color="gray", ls=":", lw=2)
ax.set(xlim=(5, 13.5), ylim=(-14, 50))
ax.set_xlabel("x", fontsize=16)
ax.set_ylabel("f(x)", fontsize=16)
ax.tick_params(labelsize=15)
ax.legend(fontsize=14, loc="upper left")
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
hand = torch.tensor(by_hand)
sgd = torch.tensor(with_sgd)
# raises if the paths differ:
torch.testing.assert_close(sgd, hand)
print("match:", torch.allclose(sgd, hand))
print("by hand:", hand[-3:])
print("SGD:    ", sgd[-3:])

# %% compare-plot
fig, ax = plt.subplots(figsize=(5.6, 4.9))
ax.plot(by_hand, "o", ms=11, mfc="none", mew=2, label="by hand")
ax.plot(with_sgd, ".-", lw=2, label="torch.optim.SGD")
ax.axhline(x_star, color="gray", ls=":", lw=2, label="analytic minimum")
ax.set_xlabel("step", fontsize=16)
ax.set_ylabel("x", fontsize=16)
ax.tick_params(labelsize=15)
ax.legend(fontsize=15)
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
fig, ax = plt.subplots(figsize=(5.6, 6.4))
for lr, path in paths.items():
    ax.plot(path, ".-", lw=2, label=f"lr = {lr}")
ax.axhline(x_star, color="gray", ls=":", lw=2)
ax.set(ylim=(-15, 14))
ax.set_xlabel("step", fontsize=16)
ax.set_ylabel("x", fontsize=16)
ax.tick_params(labelsize=15)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
