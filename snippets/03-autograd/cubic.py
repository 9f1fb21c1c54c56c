# %% define
import torch

def g(x):
    return 2 * x**3 - 4 * x**2 + x - 1

# %% by-hand
def g_prime(x):                      # differentiated by hand
    return 6 * x**2 - 8 * x + 1

# %% point
x = torch.tensor(1.5, requires_grad=True)
g(x).backward()
print(f"autograd g'(1.5) = {x.grad.item():.4f}")
print(f"analytic g'(1.5) = {g_prime(1.5):.4f}")
torch.testing.assert_close(x.grad, torch.tensor(g_prime(1.5)))
print("assert_close: passed")

# %% non-scalar [raises=RuntimeError]
xs = torch.linspace(-1, 3, 9, requires_grad=True)
g(xs).backward()

# %% many-points
g(xs).sum().backward()               # d(sum)/dx_i = g'(x_i)
print(xs.grad)
print("matches g':", torch.allclose(xs.grad, g_prime(xs.detach())))

# %% plot
import matplotlib.pyplot as plt

grid = torch.linspace(-1, 3, 200)
x0, slope = 1.5, x.grad.item()
fig, ax = plt.subplots(figsize=(6.4, 6))
ax.plot(grid, g(grid), lw=3, label="g(x)")
ax.plot(grid, g_prime(grid), "--", lw=2.5, label="g'(x) analytic")
ax.plot(xs.detach(), xs.grad, "o", ms=9, label="g'(x) autograd")
tangent = g(torch.tensor(x0)) + slope * (grid - x0)
ax.plot(grid, tangent, "k:", lw=2.5, label="tangent at x = 1.5")
ax.margins(y=0.06)                       # every curve and dot inside the axes
ax.set_xlabel("x", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
ax.legend(fontsize=14, loc="upper left")
plt.tight_layout()
plt.show()
