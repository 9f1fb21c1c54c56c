# %% from-lists
import numpy as np
import torch

v = torch.tensor([1.0, 2.0, 3.0])        # a vector from a list
M = torch.tensor([[1, 2], [3, 4]])       # a matrix from nested lists
a = np.array([[0.5, 1.5], [2.5, 3.5]])
T = torch.tensor(a)                      # from a NumPy array (a copy)
print(v, M, T, sep="\n")

# %% dtype
print(torch.tensor([1, 2]).dtype)                # Python ints
print(torch.tensor([1.0, 2]).dtype)              # Python floats
print(torch.tensor([True, False]).dtype)
print(torch.tensor(np.array([1.0, 2.0])).dtype)  # NumPy's default float
print(torch.tensor([1, 2], dtype=torch.float32).dtype)
print((torch.tensor([1, 2]) / 2).dtype)          # true division promotes

# %% factories
print(torch.zeros(2, 3))
print(torch.ones(3, dtype=torch.int64))
print(torch.eye(2))                # identity matrix
print(torch.arange(5))             # 0 up to 5, end excluded
print(torch.arange(0, 1, 0.25))    # start, end, step
print(torch.linspace(0, 1, 5))     # 5 points, both ends included

# %% random
torch.manual_seed(0)               # the same numbers on every run
u = torch.rand(2, 3)               # uniform on [0, 1)
n = torch.randn(2, 3)              # standard normal
k = torch.randint(0, 10, (2, 3))   # integers in [0, 10)
print(u)
print(n)
print(k)

# %% like
x = torch.tensor([[1.5, 2.5], [3.5, 4.5]], dtype=torch.float64)
print(torch.zeros_like(x))                    # shape and dtype of x
print(torch.ones_like(x, dtype=torch.int32))  # …or override the dtype
r = torch.rand_like(x)
print(r.shape, r.dtype)

# %% histogram
import matplotlib.pyplot as plt

torch.manual_seed(0)
samples = {"torch.rand": torch.rand(10_000), "torch.randn": torch.randn(10_000)}
colors = ["tab:blue", "tab:orange"]
fig, axes = plt.subplots(1, 2, figsize=(7.6, 4.3), sharey=True)
for ax, (name, s), color in zip(axes, samples.items(), colors):
    ax.hist(s.numpy(), bins=50, color=color)
    ax.set_title(f"{name}(10_000)", fontsize=15)
    ax.set_xlabel("value", fontsize=15)
    ax.tick_params(labelsize=15)
    print(f"{name[6:]:5}  mean {s.mean():+.2f}  std {s.std():.2f}")
axes[0].set_ylabel("count", fontsize=15)
axes[0].set_xticks([0, 0.5, 1])
axes[1].set_xticks([-3, 0, 3])
plt.tight_layout(w_pad=2.0)
plt.show()
