# %% data
import torch

groups = torch.arange(50).repeat_interleave(4)    # 50 people × 4 recordings each

# %% split-groups-exercise
def split_by_group(groups, test_fraction, generator):
    """Row indices (train, test) such that no group is on both sides."""
    ...  # shuffle the distinct groups (not the rows), then pick rows by group

# %% split-groups [solution]
def split_by_group(groups, test_fraction, generator):
    """Row indices (train, test) such that no group is on both sides."""
    ids = groups.unique()
    ids = ids[torch.randperm(len(ids), generator=generator)]
    in_test = torch.isin(groups, ids[: round(test_fraction * len(ids))])
    return torch.where(~in_test)[0], torch.where(in_test)[0]

# %% check
g = torch.Generator().manual_seed(0)
train_idx, test_idx = split_by_group(groups, 0.2, g)
shared = set(groups[train_idx].tolist()) & set(groups[test_idx].tolist())
print(len(train_idx), "train rows,", len(test_idx), "test rows")
print("groups on both sides:", len(shared))
assert not shared and len(train_idx) + len(test_idx) == len(groups)
