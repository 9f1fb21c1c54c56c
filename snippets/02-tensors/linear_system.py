# %% points
import torch

p1, p2 = (1.0, 2.0), (3.0, 8.0)     # y = m·x + b must pass through both
A = torch.tensor([[p1[0], 1.0],
                  [p2[0], 1.0]])
y = torch.tensor([p1[1], p2[1]])
print(A)
print(y)
print(torch.linalg.det(A))               # non-zero: exactly one solution

# %% solve
m, b = torch.linalg.solve(A, y)
print(f"m = {m.item():.3f}, b = {b.item():.3f}")

# %% inverse
x_inv = torch.linalg.inv(A) @ y          # the textbook route: A⁻¹ y
x_solve = torch.stack([m, b])
print(x_inv)
print("same as solve:", torch.allclose(x_inv, x_solve))
print("A @ x == y:   ", torch.allclose(A @ x_inv, y))

# %% plot
import matplotlib.pyplot as plt

xs = torch.linspace(0, 4, 50)
fig, ax = plt.subplots(figsize=(6, 4.5))
ax.plot(xs, m * xs + b, lw=2, label=f"y = {m.item():.2f}·x {b.item():+.2f}")
ax.scatter(*zip(p1, p2), s=90, c="tab:red", zorder=3, label="the two points")
ax.set_xlabel("x", fontsize=13)
ax.set_ylabel("y", fontsize=13)
ax.grid(alpha=0.3)
ax.legend(fontsize=12)
plt.tight_layout()
plt.show()
