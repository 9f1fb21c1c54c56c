# %% points
import torch

# y = m·x + b must pass through both points
p1, p2 = (1.0, 2.0), (3.0, 8.0)
A = torch.tensor([[p1[0], 1.0],
                  [p2[0], 1.0]])
y = torch.tensor([p1[1], p2[1]])
print(A)
print(y)
# non-zero: exactly one solution
print(torch.linalg.det(A))

# %% solve
m, b = torch.linalg.solve(A, y)
print(f"m = {m.item():.3f}, b = {b.item():.3f}")

# %% inverse
theta_inv = torch.linalg.inv(A) @ y      # the textbook route: θ = A⁻¹ y
theta_solve = torch.stack([m, b])
print(theta_inv)
print("same as solve: ", torch.allclose(theta_inv, theta_solve))
print("A @ theta == y:", torch.allclose(A @ theta_inv, y))

# %% plot
import matplotlib.pyplot as plt

xs = torch.linspace(0, 4, 50)
fig, ax = plt.subplots(figsize=(6.4, 6))
def num(v):                                  # 3.0000002 → "3", 0.5 → "0.5"
    return f"{round(v, 2):g}"

sign = "−" if b < 0 else "+"
ax.plot(xs, m * xs + b, lw=3, label=f"y = {num(m.item())}x {sign} {num(abs(b.item()))}")
ax.scatter(*zip(p1, p2), s=150, c="tab:red", zorder=3, label="the two points")
ax.set_xlabel("x", fontsize=16)
ax.set_ylabel("y", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()

# %% lines-plot
ms = torch.linspace(0, 5, 50)
fig, ax = plt.subplots(figsize=(5.6, 5.4))
for (x_i, y_i), color in zip((p1, p2), ("tab:blue", "tab:orange")):
    ax.plot(ms, y_i - x_i * ms, lw=3, color=color,        # m·x_i + b = y_i
            label=f"{x_i:g}·m + b = {y_i:g}")
ax.scatter([m], [b], s=150, c="tab:red", zorder=3, label="solution (m, b)")
ax.annotate(f"({m.item():.0f}, {b.item():.0f})", (m, b), xytext=(12, 8),
            textcoords="offset points", fontsize=16, color="tab:red")
ax.set_xlabel("slope m", fontsize=16)
ax.set_ylabel("intercept b", fontsize=16)
ax.tick_params(labelsize=15)
ax.grid(alpha=0.3)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
