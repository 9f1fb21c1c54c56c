# %% imports
import torch

# %% split-groups-exercise
def split_by_group(groups, test_fraction, generator):
    """Row indices (train, test) such that no group is on both sides."""
    ...  # shuffle the distinct groups (not the rows), then pick rows by group
    raise NotImplementedError

# %% split-groups [solution]
def split_by_group(groups, test_fraction, generator):
    """Row indices (train, test) such that no group is on both sides."""
    ids = groups.unique()
    ids = ids[torch.randperm(len(ids), generator=generator)]
    in_test = torch.isin(groups, ids[: round(test_fraction * len(ids))])
    return torch.where(~in_test)[0], torch.where(in_test)[0]

# %% check
groups = torch.arange(50).repeat_interleave(4)    # 50 people × 4 recordings each
g = torch.Generator().manual_seed(0)
train_idx, test_idx = split_by_group(groups, 0.2, g)
shared = set(groups[train_idx].tolist()) & set(groups[test_idx].tolist())
assert not shared                                     # no person on both sides
rows = torch.cat([train_idx, test_idx]).sort().values
assert torch.equal(rows, torch.arange(len(groups)))   # every row exactly once
print(len(train_idx), "train,", len(test_idx), "test rows; shared groups:", len(shared))

# %% plateau [solution]
from torch.optim import lr_scheduler

val_losses = [1.00, 0.80, 0.70, 0.71, 0.69, 0.69, 0.70, 0.68, 0.68, 0.68]
weight = torch.zeros(1, requires_grad=True)          # stands in for a model
optimizer = torch.optim.SGD([weight], lr=0.1)
plateau = lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=1)
rates = []
for val_loss in val_losses:                          # one value per epoch
    plateau.step(val_loss)
    rates.append(optimizer.param_groups[0]["lr"])
print("lr after each epoch:", rates)

# %% plateau-exercise
from torch.optim import lr_scheduler

val_losses = [1.00, 0.80, 0.70, 0.71, 0.69, 0.69, 0.70, 0.68, 0.68, 0.68]
weight = torch.zeros(1, requires_grad=True)          # stands in for a model
optimizer = torch.optim.SGD([weight], lr=0.1)
plateau = ...        # TODO: ReduceLROnPlateau, halve the rate, patience 1
rates = []
for val_loss in val_losses:
    ...              # TODO: step the scheduler, record the current lr
raise NotImplementedError("print the learning rate after each epoch")

# %% predict [solution]
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Subset

words = [torch.ones(n) for n in (3, 5, 2, 4, 6)]   # lengths 3, 5, 2, 4, 6
picked = Subset(words, [0, 2, 3, 4])                # leaves out the 5

def pad(items):
    return pad_sequence(items, batch_first=True)

loader = DataLoader(picked, batch_size=3, collate_fn=pad)
print([tuple(batch.shape) for batch in loader])
print(sum(int((batch == 0).sum()) for batch in loader))   # padded positions
print(len(DataLoader(picked, batch_size=3, drop_last=True)))

# %% predict-exercise
# Write down what each print shows before you run this cell.
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Subset

words = [torch.ones(n) for n in (3, 5, 2, 4, 6)]   # lengths 3, 5, 2, 4, 6
picked = Subset(words, [0, 2, 3, 4])                # leaves out the 5

def pad(items):
    return pad_sequence(items, batch_first=True)

loader = DataLoader(picked, batch_size=3, collate_fn=pad)
print([tuple(batch.shape) for batch in loader])
print(sum(int((batch == 0).sum()) for batch in loader))   # padded positions
print(len(DataLoader(picked, batch_size=3, drop_last=True)))
