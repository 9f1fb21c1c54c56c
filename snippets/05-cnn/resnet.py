# %% build
import torch
from torchvision.models import resnet18

model = resnet18(weights=None).eval()      # random weights: nothing downloaded
model.requires_grad_(False)                # forward passes only: no graph to record
total = sum(p.numel() for p in model.parameters())
block = model.layer2[0]
print(f"resnet18: {total:,} parameters;", len(model.layer2), type(block).__name__,
      "blocks per stage")
print("a block:", [name for name, _ in block.named_children()])
print("its skip path:", [type(m).__name__ for m in block.downsample])

# %% stages
x = torch.randn(1, 3, 224, 224)                    # one ImageNet-sized image
print(f"{'stage':>8} {'output shape':>18} {'parameters':>12} {'share':>6}")
for name, stage in model.named_children():         # conv1, bn1, ..., fc, in order
    x = stage(torch.flatten(x, 1) if name == "fc" else x)
    n = sum(p.numel() for p in stage.parameters())
    print(f"{name:>8} {str(tuple(x.shape)):>18} {n:>12,} {n / total:>6.1%}")
