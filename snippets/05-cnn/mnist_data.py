# %% load
from torchvision import datasets, transforms

# torchvision's loader: looks in data/MNIST/raw/, downloads only what is missing
train_raw = datasets.MNIST("data", train=True, download=True)
test_raw = datasets.MNIST("data", train=False, download=True)
print(len(train_raw), "training and", len(test_raw), "test images")
print("images:", tuple(train_raw.data.shape), train_raw.data.dtype,
      " labels:", train_raw.targets.dtype, train_raw.classes[:2], "...")

# %% transform
transform = transforms.Compose([
    transforms.ToTensor(),                        # uint8 H×W → float 1×H×W in [0, 1]
    transforms.Normalize((0.1307,), (0.3081,)),   # (x - mean) / std of MNIST's training set
])
train_set = datasets.MNIST("data", train=True, download=True, transform=transform)
image, label = train_set[0]
print("one sample:", tuple(image.shape), image.dtype, " label:", label)
pixels = train_raw.data.float() / 255             # where such constants come from
print(f"this training set: mean {pixels.mean():.4f}  std {pixels.std():.4f}")

# %% grid
import matplotlib.pyplot as plt

plt.rcParams.update({"font.size": 15})
fig, axes = plt.subplots(4, 12, figsize=(12.6, 5.3))
for ax, i in zip(axes.flat, range(48)):
    img, lab = train_raw[i]                          # a PIL image and an int
    ax.imshow(img, cmap="gray")
    ax.set_title(str(lab), fontsize=16, pad=2)
    ax.axis("off")
plt.tight_layout(pad=0.3)
plt.show()
