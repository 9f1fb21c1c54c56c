# %% data
import torch
import torch.nn as nn

pred = torch.tensor([0.5, 2.0, -1.0, 4.0])
target = torch.tensor([0.0, 2.5, 1.5, 0.5])
DELTA = 1.0           # where the loss switches from quadratic to linear

# %% huber [solution]
def huber(pred, target, delta=DELTA):
    error = (pred - target).abs()
    quadratic = 0.5 * error**2
    linear = delta * (error - 0.5 * delta)
    return torch.where(error <= delta, quadratic, linear).mean()

ours, theirs = huber(pred, target), nn.HuberLoss(delta=DELTA)(pred, target)
print(f"by hand {ours:.4f}   nn.HuberLoss {theirs:.4f}")
torch.testing.assert_close(ours, theirs)

# %% huber-exercise
def huber(pred, target, delta=DELTA):
    error = (pred - target).abs()
    ...                   # TODO: each element's branch of the formula; then the mean
    raise NotImplementedError

ours, theirs = huber(pred, target), nn.HuberLoss(delta=DELTA)(pred, target)
print(f"by hand {ours:.4f}   nn.HuberLoss {theirs:.4f}")

# %% residual [solution]
class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.linear = nn.Linear(width, width)

    def forward(self, x):
        return x + torch.relu(self.linear(x))      # input + learned correction

# %% residual-exercise
class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        ...                                 # TODO: self.linear = one nn.Linear(width, width)

    def forward(self, x):
        raise NotImplementedError           # TODO: x plus relu of the linear layer

# %% residual-check
block = Residual(8)
inputs = torch.randn(5, 8)
n_params = sum(p.numel() for p in block.parameters())
print("output shape:", tuple(block(inputs).shape), " parameters:", n_params)
nn.init.zeros_(block.linear.weight)         # set the weights and bias to zero
nn.init.zeros_(block.linear.bias)
outputs = block(inputs)
print("zero weights and bias:  output == input?", torch.equal(outputs, inputs),
      "  output == 0?", torch.equal(outputs, torch.zeros_like(inputs)))

# %% predict [solution]
classifier = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
print(sum(p.numel() for p in classifier.parameters()))
print(list(classifier.state_dict()))
classifier.eval()
ones = torch.ones(2, 4)
print(torch.equal(classifier(ones), classifier(ones)), classifier[2].training)

# %% predict-exercise
# Write down what each print shows before you run this cell.
classifier = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
print(sum(p.numel() for p in classifier.parameters()))
print(list(classifier.state_dict()))
classifier.eval()
ones = torch.ones(2, 4)
print(torch.equal(classifier(ones), classifier(ones)), classifier[2].training)
