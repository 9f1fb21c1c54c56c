# %% predictions
import torch

# 100 test items, 3 classes, heavily imbalanced: 90 / 7 / 3
target = torch.tensor([0] * 90 + [1] * 7 + [2] * 3)
lazy = torch.zeros(100, dtype=torch.long)       # always "class 0"
preds = target.clone()                          # a model's predictions
wrong = torch.tensor([0, 1, 2, 3, 4, 5, 91, 98])  # 8 mistakes
preds[wrong] = torch.tensor([1, 1, 2, 1, 2, 1, 0, 1])

# %% confusion
def report(target, pred, n=3):      # → accuracy, macro F1, confusion
    cm = torch.bincount(target * n + pred, minlength=n * n).reshape(n, n).double()
    tp = cm.diag()
    precision = tp / cm.sum(dim=0).clamp(min=1)  # TP / (TP + FP)
    recall = tp / cm.sum(dim=1).clamp(min=1)     # TP / (TP + FN)
    f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
    return tp.sum().item() / len(target), f1.mean().item(), cm.long()

for name, pred in [("lazy", lazy), ("model", preds)]:
    acc, macro_f1, cm = report(target, pred)
    print(f"{name:5s} accuracy {acc:.0%}  macro F1 {macro_f1:.2f}")
print("model:", cm.tolist())       # row: true class, column: predicted

# %% sklearn-check
from sklearn.metrics import accuracy_score, f1_score

for pred in (lazy, preds):
    acc, macro_f1, _ = report(target, pred)
    assert abs(acc - accuracy_score(target, pred)) < 1e-12
    assert abs(macro_f1 - f1_score(target, pred, average="macro", zero_division=0)) < 1e-12
print("accuracy and macro F1 agree with sklearn.metrics")

# %% digits
import torch.nn.functional as F
from sklearn.datasets import load_digits

torch.manual_seed(0)                      # the split and the initial weights
digits = load_digits()                    # 1,797 real 8×8 scans of digits
pixels = torch.tensor(digits.data).float() / 16
truth = torch.tensor(digits.target)
fit_rows, test_rows = torch.randperm(1797).split([300, 1497])
linear = torch.nn.Linear(64, 10)          # softmax regression
optimizer = torch.optim.Adam(linear.parameters(), lr=0.05)
for step in range(100):                   # 300 digits, full batch
    optimizer.zero_grad()
    F.cross_entropy(linear(pixels[fit_rows]), truth[fit_rows]).backward()
    optimizer.step()
with torch.no_grad():                     # predictions need no graph
    pred = linear(pixels[test_rows]).argmax(dim=1)
labels = truth[test_rows]
digit_cm = torch.bincount(labels * 10 + pred, minlength=100).reshape(10, 10)
print(f"{len(labels)} test digits, accuracy {(pred == labels).float().mean():.1%}")

# %% digits-plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 6.4))
off_diagonal = digit_cm * (1 - torch.eye(10, dtype=torch.long))   # colour the mistakes
ax.imshow(off_diagonal, cmap="Reds")
for r in range(10):
    for c in range(10):
        n = digit_cm[r, c].item()
        if n:
            ax.text(c, r, n, ha="center", va="center", fontsize=16,
                    color="#1f4e79" if r == c else
                    "white" if 2 * n > off_diagonal.max() else "black",  # dark cells
                    weight="bold" if r == c else "normal")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.tick_params(labelsize=17)
ax.set_xlabel("predicted digit", fontsize=18)
ax.set_ylabel("true digit", fontsize=18)
ax.set_title("mistakes in red (off the diagonal)", fontsize=18)
plt.tight_layout()
plt.show()
