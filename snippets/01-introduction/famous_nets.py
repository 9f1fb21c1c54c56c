# ---
# lecture:
#   requires: [torchvision]
#   timeout: 120
# ---
# %% count-layers
import torch
from torch import nn
from torchvision import models

def count_layers(model):   # conv + linear, not ResNet's shortcut convs
    return sum(isinstance(m, (nn.Conv2d, nn.Linear))
               and "downsample" not in name
               for name, m in model.named_modules())

# %% alexnet
with torch.device("meta"):  # shapes only: no memory, no download
    alexnet = models.alexnet()
n_params = sum(p.numel() for p in alexnet.parameters())
print(f"AlexNet: {count_layers(alexnet)} layers, {n_params:,} parameters")

# %% resnet
with torch.device("meta"):
    resnet = models.resnet152()
n_params = sum(p.numel() for p in resnet.parameters())
print(f"ResNet-152: {count_layers(resnet)} layers, {n_params:,} parameters")
