# %% cat-stack
import torch
a, b = torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6])
print(torch.cat([a, b]))                  # an existing axis grows: (6,)
print(torch.stack([a, b]))                # a new axis 0: (2, 3)
print(torch.stack([a, b], dim=1).shape)   # a new axis 1: (3, 2)

# %% cat-images
images = [torch.zeros(3, 28, 28) for _ in range(64)]
print(torch.stack(images).shape)          # stack the 64 images
print(torch.cat(images).shape)            # cat the same 64 images
