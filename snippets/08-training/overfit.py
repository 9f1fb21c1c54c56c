# ---
# lecture:
#   smoke: {EPOCHS: 4}
# ---
# %% params
EPOCHS = 30           # no early stop here: run on, to see the validation loss rise

# %% data
import torch
import torch.nn as nn
from sklearn.datasets import load_breast_cancer
from torch.utils.data import DataLoader, TensorDataset

cancer = load_breast_cancer()       # sklearn: 569 real breast-mass samples
X_all, y_all = torch.tensor(cancer.data).float(), torch.tensor(cancer.target)
rows = torch.randperm(569, generator=torch.Generator().manual_seed(0))
few, held_out = rows.split([100, 469])   # deliberately few training rows
X_all = (X_all - X_all[few].mean(dim=0)) / X_all[few].std(dim=0)  # train stats
small_train = DataLoader(TensorDataset(X_all[few], y_all[few]),
                         batch_size=16, shuffle=True)
small_val = DataLoader(TensorDataset(X_all[held_out], y_all[held_out]),
                       batch_size=256)

# %% run
from loop import fit          # the FashionMNIST loop
torch.manual_seed(0)          # weights and shuffling
net = nn.Sequential(nn.Linear(30, 256), nn.ReLU(),
                    nn.Linear(256, 256), nn.ReLU(),
                    nn.Linear(256, 2))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
cancer_history = fit(net, opt, nn.CrossEntropyLoss(),
                     small_train, small_val, EPOCHS,
                     patience=EPOCHS, folder="cancer",
                     log=lambda line: None)
curve = cancer_history["val_loss"]
low = curve.index(min(curve))  # best.pt's, from 0
print(f"lowest val loss {min(curve):.3f}, epoch {low+1}")
print(f"after epoch {len(curve)}: {curve[-1]:.3f}")

# %% plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4.6, 4.3))
epochs = range(1, len(curve) + 1)
ax.plot(epochs, cancer_history["train_loss"], "o-", lw=2.5, label="train")
ax.plot(epochs, curve, "s-", lw=2.5, label="validation")
ax.axvline(low + 1, color="#d9622b", ls="--", lw=2, label="best.pt")
ax.set_title("breast cancer, 100 training rows", fontsize=15)
ax.set_xlabel("epoch", fontsize=15)
ax.set_ylabel("cross-entropy (log scale)", fontsize=15)
ax.set_yscale("log")
ax.tick_params(labelsize=14)
ax.grid(alpha=0.3)
ax.legend(fontsize=14)
plt.tight_layout()
plt.show()
