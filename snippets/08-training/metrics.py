# %% predictions
import torch

# 100 test items, 3 classes, heavily imbalanced: 90 / 7 / 3
target = torch.tensor([0] * 90 + [1] * 7 + [2] * 3)
lazy = torch.zeros(100, dtype=torch.long)          # always says "class 0"
model = target.clone()
model[torch.tensor([0, 1, 2, 3, 4, 5, 91, 98])] = torch.tensor([1, 1, 2, 1, 2, 1, 0, 1])

# %% confusion
def confusion_matrix(target, pred, n_classes):
    """Row = true class, column = predicted class."""
    return torch.bincount(target * n_classes + pred,
                          minlength=n_classes**2).reshape(n_classes, n_classes)


def report(target, pred, n_classes=3):
    cm = confusion_matrix(target, pred, n_classes).double()
    tp = cm.diag()
    precision = tp / cm.sum(dim=0).clamp(min=1)    # of those predicted as c
    recall = tp / cm.sum(dim=1)                    # of those truly c
    f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
    return tp.sum().item() / len(target), f1.mean().item(), cm.long()


for name, pred in [("lazy", lazy), ("model", model)]:
    acc, macro_f1, cm = report(target, pred)
    print(f"{name:8s} accuracy {acc:.0%}   macro F1 {macro_f1:.2f}")
print("confusion matrix of model (rows: true class)")
print(cm)

# %% sklearn-check
from sklearn.metrics import accuracy_score, f1_score

for pred in (lazy, model):
    acc, macro_f1, _ = report(target, pred)
    assert abs(acc - accuracy_score(target, pred)) < 1e-12
    assert abs(macro_f1 - f1_score(target, pred, average="macro", zero_division=0)) < 1e-12
print("accuracy and macro F1 agree with sklearn.metrics")
