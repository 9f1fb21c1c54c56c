# %% setup
import torch
import torch.nn as nn

# %% l1-mse
pred = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
l1 = (pred - target).abs().mean()
mse = ((pred - target) ** 2).mean()            # no square root
torch.testing.assert_close(l1, nn.L1Loss()(pred, target))
torch.testing.assert_close(mse, nn.MSELoss()(pred, target))
print(f"L1 {l1:.4f}   MSE {mse:.4f}   both match")
print(f"sqrt of MSE: {mse.sqrt():.4f}   <- RMSE, not nn.MSELoss")

# %% softmax-naive
def softmax_naive(z):
    return torch.exp(z) / torch.exp(z).sum()
logits = torch.tensor([10.0, 100.0, 1000.0])
print(softmax_naive(logits))      # exp(100), exp(1000) overflow float32 to inf

# %% softmax-stable
def softmax(z, dim=-1):
    z = z - z.max(dim=dim, keepdim=True).values    # largest logit -> 0, exp <= 1
    return torch.exp(z) / torch.exp(z).sum(dim=dim, keepdim=True)
torch.testing.assert_close(softmax(logits), torch.softmax(logits, dim=-1))
print(softmax(logits))                            # no nan, but one logit dominates
print(softmax(torch.tensor([1000.0, 1001.0, 1002.0])))   # naive: nan
print(softmax(torch.tensor([0.0, 1.0, 2.0])))     # the same probabilities

# %% cross-entropy
logits = torch.tensor([[2.0, 0.5, -1.0],          # (N, C) raw scores
                       [0.1, 3.0, 0.2],
                       [1.5, 1.4, 4.0]])
target = torch.tensor([0, 1, 1])                  # (N,) class indices
def cross_entropy(z, y):
    log_probs = z - torch.logsumexp(z, dim=1, keepdim=True)  # stable log-softmax
    return -log_probs[torch.arange(len(y)), y].mean()
ours, theirs = cross_entropy(logits, target), nn.CrossEntropyLoss()(logits, target)
torch.testing.assert_close(ours, theirs)
print(f"by hand {ours:.4f}   nn.CrossEntropyLoss {theirs:.4f}")

# %% bce
p = torch.tensor([0.9, 0.2, 0.7, 0.4])       # probabilities, after a sigmoid
y = torch.tensor([1.0, 0.0, 1.0, 1.0])       # labels as floats
def bce(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
torch.testing.assert_close(bce(p, y), nn.BCELoss()(p, y))
z = torch.logit(p)                           # the same predictions as logits
torch.testing.assert_close(bce(p, y), nn.BCEWithLogitsLoss()(z, y))
print(f"by hand {bce(p, y):.4f}   nn.BCELoss {nn.BCELoss()(p, y):.4f}")
