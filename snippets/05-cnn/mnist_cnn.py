# ---
# lecture:
#   smoke: {EPOCHS: 1, BN_EPOCHS: 1, TRAIN_SUBSET: 600}
#   timeout: 600
# ---
# %% params
EPOCHS = 6
BN_EPOCHS = 2               # exercise 3: epochs per model
BATCH_SIZE = 64
LR = 2e-3
TRAIN_SUBSET = None          # None: the whole training set

# %% data
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Subset
from torchvision import datasets, transforms

torch.manual_seed(0)                # rerunning the file gives the slides' numbers
transform = transforms.Compose([transforms.ToTensor(),
                                transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST("data", train=True, download=True, transform=transform)
test_set = datasets.MNIST("data", train=False, download=True, transform=transform)
if TRAIN_SUBSET:                    # a quick run: the first images only
    train_set = Subset(train_set, range(TRAIN_SUBSET))

# %% loaders
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, batch_size=BATCH_SIZE,
                          shuffle=True)                # a new order every epoch
test_loader = DataLoader(test_set, batch_size=256)     # fixed order
images, labels = next(iter(train_loader))
print(len(train_loader), "batches; one:", tuple(images.shape), tuple(labels.shape))

# %% model
class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)    # → 8×28×28
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)   # → 16×14×14
        self.pool = nn.MaxPool2d(2)                               # halves H and W
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):                                         # x: N×1×28×28
        x = self.pool(F.relu(self.conv1(x)))                      # N×8×14×14
        x = self.pool(F.relu(self.conv2(x)))                      # N×16×7×7
        return self.fc(self.dropout(x.flatten(start_dim=1)))      # N×10 logits

model = SmallCNN()
print(f"{sum(p.numel() for p in model.parameters()):,} parameters")

# %% loop
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, correct = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (logits.argmax(dim=1) == labels).sum().item()
    return total_loss / len(loader.dataset), correct / len(loader.dataset)

@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    batches = [(model(x).argmax(dim=1), y) for x, y in loader]  # one pass
    predictions = torch.cat([p for p, _ in batches])
    labels = torch.cat([y for _, y in batches])
    return (predictions == labels).float().mean().item(), predictions, labels

# %% train
optimizer = torch.optim.Adam(model.parameters(), lr=LR)    # LR, EPOCHS: the params cell
history = {"loss": [], "train_acc": [], "test_acc": []}
for epoch in range(1, EPOCHS + 1):
    loss, train_acc = train_one_epoch(model, train_loader, optimizer)
    test_acc, predictions, labels = evaluate(model, test_loader)
    for key, value in zip(history, (loss, train_acc, test_acc)):
        history[key].append(value)
    print(f"epoch {epoch}  loss {loss:.3f}",
          f"train {train_acc:.1%}  test {test_acc:.1%}")

# %% curves
import matplotlib.pyplot as plt

plt.rcParams.update({"font.size": 15})
epochs = range(1, EPOCHS + 1)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6))
ax1.plot(epochs, history["loss"], "o-", lw=2)
ax1.set(xlabel="epoch", ylabel="training loss", title="Cross-entropy")
ax2.plot(epochs, history["train_acc"], "o-", lw=2, label="train")
ax2.plot(epochs, history["test_acc"], "s-", lw=2, label="test")
ax2.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
ax2.legend()
for ax in (ax1, ax2):
    ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %% confusion
confusion = torch.zeros(10, 10).long()
for t, p in zip(labels, predictions):
    confusion[t, p] += 1
fig, ax = plt.subplots(figsize=(5.6, 5.4))
ax.imshow(confusion, cmap="Blues")
for t in range(10):
    for p in range(10):
        if confusion[t, p]:
            ax.text(p, t, int(confusion[t, p]), ha="center", va="center", fontsize=13,
                    color="white" if confusion[t, p] > confusion.max() / 2 else "black")
ax.set(xticks=range(10), yticks=range(10), xlabel="predicted", ylabel="true label")
ax.set_title(f"Test set confusion matrix ({len(labels)} images)", fontsize=15)
plt.tight_layout()
plt.show()

# %% top-confusions
off_diagonal = confusion.clone().fill_diagonal_(0)
cutoff = off_diagonal.flatten().topk(3).values[-1].clamp(min=1)   # 3rd largest count
pairs = (off_diagonal >= cutoff).nonzero().tolist()                # ties kept
print("largest confusions, ties included:")
for t, p in sorted(pairs, key=lambda pair: -off_diagonal[pair[0], pair[1]]):
    print(f"  true {t} predicted as {p}: {off_diagonal[t, p]} times")

# %% save
torch.save(model.state_dict(), "small_cnn.pt")
restored = SmallCNN()
restored.load_state_dict(torch.load("small_cnn.pt", weights_only=True))
restored.eval()                                        # dropout off
print(list(restored.state_dict())[:4], "...")
print("same test accuracy:", evaluate(restored, test_loader)[0] == test_acc)

# %% predict
with torch.no_grad():
    probs_all = torch.cat([F.softmax(restored(x), dim=1)
                           for x, _ in test_loader])
i = probs_all.max(dim=1).values.argmin().item()  # least sure
image, label = test_set[i]                       # 1×28×28, int
probs = probs_all[i]
print(f"test image {i}: true {label},",
      f"predicted {probs.argmax().item()}")
values, classes = probs.topk(3)
pairs = zip(classes.tolist(), values.tolist())
print("top 3:", ", ".join(f"{c}: {v:.1%}" for c, v in pairs))

# %% predict-plot
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(3.8, 5.6), height_ratios=[1.2, 1])
ax1.imshow(image[0], cmap="gray")
ax1.set_title(f"test image {i}\ntrue label {label}", fontsize=15)
ax1.axis("off")
ax2.bar(range(10), probs, color=["#e8590c" if k == label else "#74c0fc" for k in range(10)])
ax2.set(xticks=range(10), ylim=(0, 1), xlabel="class", ylabel="probability")
ax2.set_title("orange: true class", fontsize=15, color="#e8590c")
ax2.tick_params(labelsize=15)
plt.tight_layout()
plt.show()

# %% batchnorm-exercise
class SmallCNNBN(nn.Module):
    """SmallCNN (conv 1→8, conv 8→16, each followed by ReLU and 2×2 max pooling,
    dropout, Linear 16·7·7 → 10) with nn.BatchNorm2d after each convolution."""
    def __init__(self):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError

# %% batchnorm [solution]
class SmallCNNBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.pool(F.relu(self.bn2(self.conv2(x))))
        return self.fc(self.dropout(x.flatten(start_dim=1)))

# %% train-fresh
def train_fresh(make_model):         # a new model: BN_EPOCHS epochs
    torch.manual_seed(0)             # reproducible initial weights
    net = make_model()
    torch.manual_seed(1)             # the same batches and dropout masks
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    test_accs = []                   # test accuracy after each epoch
    for epoch in range(BN_EPOCHS):
        train_one_epoch(net, train_loader, opt)
        test_accs.append(f"{evaluate(net, test_loader)[0]:.1%}")
    n = sum(p.numel() for p in net.parameters())
    print(f"{type(net).__name__:>16}: {n:,} parameters;", *test_accs)

# %% batchnorm-baseline
train_fresh(SmallCNN)
print(f"{'SmallCNN':>16}: the training slide's run;",
      *(f"{a:.1%}" for a in history["test_acc"][:BN_EPOCHS]))

# %% batchnorm-train
train_fresh(SmallCNNBN)
