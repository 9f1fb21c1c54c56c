# %% custom
import torch
import torch.nn as nn

class MLP(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()                     # sets up parameter registration
        self.hidden = nn.Linear(n_in, n_hidden)
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x):                      # call model(x), not model.forward(x)
        return self.out(torch.relu(self.hidden(x)))

model = MLP(n_in=4, n_hidden=16, n_out=3)

# %% parameters
for name, tensor in model.state_dict().items():
    print(f"{name:14} {tuple(tensor.shape)}")
print("trainable parameters:", sum(p.numel() for p in model.parameters()))

# %% sequential
seq = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
print(seq)
print("training before eval():", seq.training)
seq.eval()                # sets .training = False on seq and every submodule
print("training after eval(): ", seq.training, seq[0].training)
