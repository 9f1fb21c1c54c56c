# %% neuron
import torch
import torch.nn as nn

x = torch.tensor([0.5, -1.0, 2.0])        # three inputs
w = torch.tensor([0.8, 0.2, -0.5])        # one weight per input
b = torch.tensor(0.3)                     # bias
z = w @ x + b                             # weighted sum
print(f"z = {z.item():.2f}")
print(f"perceptron, step(z) = {(z > 0).float().item():.0f}")
print(f"neuron, sigmoid(z)  = {torch.sigmoid(z).item():.3f}")

# %% linear-collapse
lin1, lin2 = nn.Linear(2, 8), nn.Linear(8, 3)   # no activation in between
W = lin2.weight @ lin1.weight                   # (3, 8) @ (8, 2) -> (3, 2)
b = lin2.weight @ lin1.bias + lin2.bias
x = torch.randn(5, 2)
same = torch.allclose(lin2(lin1(x)), x @ W.T + b, atol=1e-6)
print("Linear(8, 3) after Linear(2, 8) is one Linear(2, 3):", same)

# %% xor
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])                 # XOR
def accuracy_after_training(model):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(200):
        optimizer.zero_grad()
        nn.functional.binary_cross_entropy_with_logits(model(X), y).backward()
        optimizer.step()
    return ((model(X) > 0).float() == y).float().mean().item()
mlp = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
print("linear:", accuracy_after_training(nn.Linear(2, 1)))
print("MLP:   ", accuracy_after_training(mlp))
