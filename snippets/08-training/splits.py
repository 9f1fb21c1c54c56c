# %% random-split
import torch
from torch.utils.data import TensorDataset, random_split

data = TensorDataset(torch.randn(1000, 5), torch.randint(0, 2, (1000,)))
g = torch.Generator().manual_seed(42)        # the same split on every run
train_set, val_set, test_set = random_split(data, [0.8, 0.1, 0.1], generator=g)
print("sizes:", len(train_set), len(val_set), len(test_set))
print("disjoint:", set(train_set.indices).isdisjoint(val_set.indices))

# %% normalise
X_train = data.tensors[0][train_set.indices]
mean, std = X_train.mean(dim=0), X_train.std(dim=0)   # training rows only

def normalise(x):
    return (x - mean) / std                     # the same numbers for val/test

z = normalise(X_train)
print("train means:", z.mean(dim=0).abs().max().item() < 1e-6, " stds:", z.std(dim=0))

# %% recordings
# 100 people × 5 recordings; one person's recordings are near-copies.
torch.manual_seed(0)                                      # the same people on every run
people, per_person, dim = 100, 5, 20
signature = 3 * torch.randn(people, dim)                 # one per person
# the label: only weakly predictable from the features
noisy = signature[:, 0] + 4 * torch.randn(people)
label_of = (noisy > 0).long()
person = torch.arange(people).repeat_interleave(per_person)
X = signature[person] + 0.3 * torch.randn(len(person), dim)
y = label_of[person]
print("X", tuple(X.shape), " person of the first rows:", person[:8].tolist())

# %% nearest-neighbour
def one_nn_accuracy(train_idx, test_idx):     # 1-nearest-neighbour classifier
    pred = y[train_idx][torch.cdist(X[test_idx], X[train_idx]).argmin(dim=1)]
    return (pred == y[test_idx]).float().mean().item()

def split_scores(seed):                       # one seeded split of each kind
    g = torch.Generator().manual_seed(seed)
    rows = torch.randperm(len(X), generator=g)     # split rows: leaks people
    leaky = one_nn_accuracy(rows[100:], rows[:100])
    in_test = torch.isin(person, torch.randperm(people, generator=g)[:20])  # split people
    grouped = one_nn_accuracy(torch.where(~in_test)[0], torch.where(in_test)[0])
    return leaky, grouped

scores = torch.tensor([split_scores(seed) for seed in range(20)])   # 20 splits
for name, acc in zip(["rows split:", "people split:"], scores.T):
    print(f"{name:<14} {acc.mean():.0%} ± {acc.std():.0%}  (range {acc.min():.0%}–{acc.max():.0%})")
