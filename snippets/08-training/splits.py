# %% random-split
import torch
from torch.utils.data import TensorDataset, random_split

data = TensorDataset(torch.randn(1000, 5), torch.randint(0, 2, (1000,)))
g = torch.Generator().manual_seed(42)          # the same split on every run
train_set, val_set, test_set = random_split(data, [0.8, 0.1, 0.1], generator=g)
print("sizes:", len(train_set), len(val_set), len(test_set))
print("first val indices:", val_set.indices[:5])
overlap = set(train_set.indices) & set(val_set.indices)
print("shared indices:", len(overlap))

# %% normalise
X_train = data.tensors[0][train_set.indices]
mean, std = X_train.mean(dim=0), X_train.std(dim=0)   # training rows only


def normalise(x):
    return (x - mean) / std                     # the same numbers for val/test


z = normalise(X_train)
print("train means:", z.mean(dim=0).abs().max().item() < 1e-6, " stds:", z.std(dim=0))

# %% recordings
# 100 people, 5 recordings each. A person's recordings are near-copies of each
# other; the label depends only weakly on the features.
people, per_person, dim = 100, 5, 20
signature = torch.randn(people, dim) * 3
label_of = ((signature[:, 0] + 4 * torch.randn(people)) > 0).long()
X = signature.repeat_interleave(per_person, dim=0) + 0.3 * torch.randn(people * per_person, dim)
y = label_of.repeat_interleave(per_person)
person = torch.arange(people).repeat_interleave(per_person)
print(X.shape, y.shape, person[:12].tolist())

# %% nearest-neighbour
def one_nn_accuracy(train_idx, test_idx):
    """Predict each test row with the label of its nearest training row."""
    dist = torch.cdist(X[test_idx], X[train_idx])
    pred = y[train_idx][dist.argmin(dim=1)]
    return (pred == y[test_idx]).float().mean().item()


perm = torch.randperm(len(X))                     # split rows: leaks people
rows_test, rows_train = perm[:100], perm[100:]
shuffled = torch.randperm(people)                 # split people instead
in_test = torch.isin(person, shuffled[:20])
leaky = one_nn_accuracy(rows_train, rows_test)
honest = one_nn_accuracy(torch.where(~in_test)[0], torch.where(in_test)[0])
print(f"rows split at random:   test accuracy {leaky:.0%}")
print(f"people split (grouped): test accuracy {honest:.0%}")

# %% plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 4.8))
bars = ax.bar(["rows split\n(leaky)", "people split\n(grouped)"], [leaky, honest],
              color=["#d9622b", "#1f4e79"], width=0.6)
ax.bar_label(bars, labels=[f"{v:.0%}" for v in (leaky, honest)], fontsize=16)
ax.axhline(0.5, ls="--", color="gray")
ax.text(1.45, 0.52, "coin flip", ha="right", fontsize=14, color="gray")
ax.set_ylim(0, 1.1)
ax.set_ylabel("1-NN test accuracy", fontsize=15)
ax.tick_params(labelsize=15)
ax.set_title("Same model, same data, two splits", fontsize=16)
plt.tight_layout()
plt.show()
