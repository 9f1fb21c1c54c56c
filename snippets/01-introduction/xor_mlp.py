# %% params
STEPS = 300

# %% train
import torch
from torch import nn

X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([0., 1., 1., 0.])                       # XOR
torch.manual_seed(0)
hidden = nn.Sequential(nn.Linear(2, 2), nn.Tanh())      # learned features
readout = nn.Linear(2, 1)                               # a linear unit on top
optimizer = torch.optim.Adam([*hidden.parameters(), *readout.parameters()], lr=0.1)
for step in range(STEPS):
    optimizer.zero_grad()
    loss = nn.functional.binary_cross_entropy_with_logits(readout(hidden(X)).squeeze(1), y)
    loss.backward()
    optimizer.step()
print(f"loss {loss.item():.4f}, predictions {(readout(hidden(X)) > 0).int().flatten().tolist()}")
