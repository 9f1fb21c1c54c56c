# %% weights
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
weights = {"conv1.weight": torch.randn(8, 1, 3, 3) * 0.3, "conv1.bias": torch.zeros(8),
           "conv2.weight": torch.randn(16, 8, 3, 3) * 0.1, "conv2.bias": torch.zeros(16),
           "fc.weight": torch.randn(10, 16 * 7 * 7) * 0.02, "fc.bias": torch.zeros(10)}
x = torch.randn(5, 1, 28, 28)                  # a batch of five 28×28 images

# %% functional
def cnn_functional(x, w):                       # w: a dict of weight tensors
    x = F.conv2d(x, w["conv1.weight"], w["conv1.bias"], padding=1)
    x = F.max_pool2d(F.relu(x), 2)
    x = F.conv2d(x, w["conv2.weight"], w["conv2.bias"], padding=1)
    x = F.max_pool2d(F.relu(x), 2)
    return F.linear(x.flatten(start_dim=1), w["fc.weight"], w["fc.bias"])

# %% object
class TinyCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(x.flatten(start_dim=1))

# %% sequential
cnn_sequential = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # 0, 1, 2
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 3, 4, 5
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10))                      # 6, 7

# %% share
cnn_object = TinyCNN()
cnn_object.load_state_dict(weights)                 # same names: conv1.weight, ...
rename = {"conv1": "0", "conv2": "3", "fc": "7"}    # Sequential names layers by position
cnn_sequential.load_state_dict({f"{rename[k.split('.')[0]]}.{k.split('.')[1]}": v
                                for k, v in weights.items()})
print(list(cnn_sequential.state_dict()))

# %% compare
out = cnn_functional(x, weights)
print("output:", tuple(out.shape))
print("object == functional:    ", torch.allclose(cnn_object(x), out))
print("sequential == functional:", torch.allclose(cnn_sequential(x), out))
