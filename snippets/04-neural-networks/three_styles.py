# %% weights
import torch
import torch.nn as nn
import torch.nn.functional as F
W1, b1 = torch.randn(16, 4), torch.randn(16)   # one set of weights for all three
W2, b2 = torch.randn(3, 16), torch.randn(3)

# %% functional
def mlp_functional(x):
    return F.linear(F.relu(F.linear(x, W1, b1)), W2, b2)

# %% object
class ObjectMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(4, 16), nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))

# %% sequential
mlp_sequential = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))

# %% share
mlp_object = ObjectMLP()
mlp_object.load_state_dict({"fc1.weight": W1, "fc1.bias": b1,
                            "fc2.weight": W2, "fc2.bias": b2})
mlp_sequential.load_state_dict({"0.weight": W1, "0.bias": b1,
                                "2.weight": W2, "2.bias": b2})

# %% compare
x = torch.randn(5, 4)                            # a batch of 5 inputs
out = mlp_functional(x)
torch.testing.assert_close(mlp_object(x), out)
torch.testing.assert_close(mlp_sequential(x), out)
print("output shape:", tuple(out.shape))
print("object == functional:    ", torch.allclose(mlp_object(x), out))
print("sequential == functional:", torch.allclose(mlp_sequential(x), out))
