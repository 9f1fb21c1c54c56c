# %% gates
import numpy as np

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
gates = {"AND": np.array([0, 0, 0, 1]),
         "OR":  np.array([0, 1, 1, 1]),
         "XOR": np.array([0, 1, 1, 0])}
separators = {"AND": 1.5, "OR": 0.5}    # the line x1 + x2 = c

# %% plot
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(11, 4))
for ax, (name, y) in zip(axes, gates.items()):
    ax.scatter(*X[y == 0].T, s=250, c="tab:blue", label="output 0")
    ax.scatter(*X[y == 1].T, s=250, c="tab:orange", marker="s", label="output 1")
    if name in separators:
        ax.axline((0, separators[name]), slope=-1, color="k", ls="--")
    verdict = "separable" if name in separators else "no line works"
    ax.set(title=f"{name}: {verdict}", xlim=(-0.4, 1.4), ylim=(-0.4, 1.4),
           xticks=[0, 1], yticks=[0, 1])
    ax.set_xlabel("$x_1$", fontsize=16)
    ax.set_ylabel("$x_2$", fontsize=16)
    ax.title.set_size(16)
    ax.tick_params(labelsize=15)
axes[2].legend(loc="center", fontsize=15)
plt.tight_layout()
plt.show()
