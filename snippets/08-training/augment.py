# ---
# lecture:
#   timeout: 600
#   smoke: {N_TRAIN: 64, EPOCHS: 2}
# ---
# %% params
N_TRAIN = 300          # a small training set: where augmentation matters most
N_VAL = 1000           # validation images, from the rest of the training part
EPOCHS = 20

# %% pipelines
import torch
from torchvision import datasets
from torchvision.transforms import v2

plain = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
augment = v2.Compose([
    v2.ToImage(),                                        # PIL image → uint8 tensor image
    v2.RandomHorizontalFlip(),                           # a mirrored shirt is a shirt
    v2.RandomAffine(degrees=10, translate=(0.1, 0.1)),   # turn ±10°, move ±3 px (whole)
    v2.ToDtype(torch.float32, scale=True),               # → float32 in [0, 1]
])
train_plain = datasets.FashionMNIST("data", train=True, download=True, transform=plain)
train_augmented = datasets.FashionMNIST("data", train=True, download=True,
                                        transform=augment)
image, label = train_augmented[0]               # a new random version on every access
print(type(image).__name__, tuple(image.shape), image.dtype, "label", label)

# %% show
import matplotlib.pyplot as plt

torch.manual_seed(0)
fig, axes = plt.subplots(3, 7, figsize=(11, 5.2))
for row, index in zip(axes, (0, 1, 2)):
    row[0].imshow(train_plain[index][0][0], cmap="gray_r")
    row[0].set_title("original", fontsize=15)
    for ax in row[1:]:
        ax.imshow(train_augmented[index][0][0], cmap="gray_r")
    for ax in row:
        ax.axis("off")
fig.suptitle("each row: one training image, then six random augmented versions",
             fontsize=15)
plt.tight_layout()
plt.show()

# %% val-sets
order = torch.randperm(len(train_plain), generator=torch.Generator().manual_seed(0))
subset = order[:N_TRAIN].tolist()                    # the training images of both runs
val_rows = order[N_TRAIN:N_TRAIN + N_VAL].tolist()   # other images, for validation
X_val = torch.stack([train_plain[i][0] for i in val_rows])
y_val = train_plain.targets[val_rows]
test_set = datasets.FashionMNIST("data", train=False, transform=plain)
X_test, y_test = torch.stack([image for image, _ in test_set]), test_set.targets
shift = v2.RandomAffine(degrees=0, translate=(0.12, 0.12))   # up to ±3 px
torch.manual_seed(1)                                   # shifts drawn once, then fixed
val_pair = (X_val, torch.stack([shift(img) for img in X_val]))
test_pair = (X_test, torch.stack([shift(img) for img in X_test]))
print("validation:", tuple(X_val.shape), " test:", tuple(X_test.shape), " + shifted copies")

# %% train
import torch.nn as nn
from torch.utils.data import DataLoader, Subset

from loop import run_epoch                   # the deck's reusable epoch (loop.py)

@torch.no_grad()
def scores(model, pair, y):        # accuracy on the images and their shifted copy
    model.eval()
    return [(model(X).argmax(dim=1) == y).float().mean().item() for X in pair]

def train(dataset):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(Subset(dataset, subset), batch_size=32, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    curve = []
    for _ in range(EPOCHS):
        run_epoch(model, loader, nn.CrossEntropyLoss(), optimizer)   # one training epoch
        curve.append(scores(model, val_pair, y_val))                  # validation only
    return model, curve

# %% compare
runs = {"no augmentation": train(train_plain), "augmented": train(train_augmented)}
for name, (trained, curve) in runs.items():
    test_acc, shifted_acc = scores(trained, test_pair, y_test)   # the test set, once
    print(f"{name:16} test {test_acc:6.1%}   shifted test {shifted_acc:6.1%}")

# %% plot
fig, axes = plt.subplots(1, 2, figsize=(12, 3.9), sharey=True)
for ax, column, title in zip(axes, (0, 1), ("validation", "validation, shifted ±3 px")):
    for (name, (_, curve)), style in zip(runs.items(), ("-", "--")):
        ax.plot(range(1, EPOCHS + 1), [point[column] for point in curve], style,
                lw=3, label=name)
    ax.set_title(title, fontsize=15)
    ax.set_xlabel("epoch", fontsize=15)
    ax.xaxis.set_major_locator(plt.matplotlib.ticker.MaxNLocator(integer=True))
    ax.tick_params(labelsize=15)
    ax.grid(alpha=0.3)
axes[0].set_ylabel("accuracy", fontsize=15)
axes[0].yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0, decimals=0))
axes[1].legend(fontsize=15, loc="lower right")
plt.tight_layout()
plt.show()
