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
theta_inv = torch.linalg.inv(A) @ y    # textbook: θ = A⁻¹ y
theta = torch.stack([m, b])            # from solve
print(theta_inv)
print("same as solve: ", torch.allclose(theta_inv, theta))
print("A @ theta == y:", torch.allclose(A @ theta_inv, y))

# %% plot
import matplotlib.pyplot as plt


def show_axes(ax):               # the same frame for both pictures of the points
    ax.set_xlim(0, 4)
    ax.set_ylim(-2, 11)
    ax.set_xlabel("x", fontsize=16)
    ax.set_ylabel("y", fontsize=16)
    ax.tick_params(labelsize=15)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=15)
    plt.tight_layout()
    plt.show()


fig, ax = plt.subplots(figsize=(5.2, 5.6))
ax.scatter(*zip(p1, p2), s=150, c="tab:red", zorder=3, label="the two points")
for x_i, y_i in (p1, p2):        # the line through them: next slide
    ax.annotate(f"({x_i:g}, {y_i:g})", (x_i, y_i), xytext=(12, -6),
                textcoords="offset points", fontsize=16, color="tab:red")
show_axes(ax)

# %% line-plot
fig, ax = plt.subplots(figsize=(4.4, 4.8))
xs = torch.linspace(0, 4, 2)
sign = "+" if b >= 0 else "−"
ax.plot(xs, m * xs + b, lw=2.5,                 # m, b from solve
        label=f"y = {m.item():g}x {sign} {abs(b.item()):g}")
ax.scatter(*zip(p1, p2), s=150, c="tab:red", zorder=3, label="the two points")
show_axes(ax)
