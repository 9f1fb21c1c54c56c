# %% to-device
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.randn(2048, 1, 28, 28), torch.randint(0, 10, (2048,)))
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10)).to(DEVICE)   # model first
loader = DataLoader(data, batch_size=512, pin_memory=(DEVICE == "cuda"))
for xb, yb in loader:                       # then every batch
    xb = xb.to(DEVICE, non_blocking=True)   # copy overlaps with GPU work
    yb = yb.to(DEVICE, non_blocking=True)
    loss = nn.functional.cross_entropy(net(xb), yb)
print("model on", next(net.parameters()).device, "| batch on", xb.device)

# %% mismatch [raises=RuntimeError]
elsewhere = nn.Linear(784, 10).to("meta")   # a device every machine has
elsewhere(xb.flatten(1))                    # weights on meta, batch on DEVICE
