# %% imports
import torch

# %% run-epoch
def run_epoch(model, loader, loss_fn, optimizer=None, device="cpu"):
    """One pass over `loader`; trains if given an optimizer. → (loss, accuracy)"""
    training = optimizer is not None
    model.train(training)                        # dropout, batch norm modes
    total_loss, correct = 0.0, 0
    with torch.set_grad_enabled(training):       # no graph when evaluating
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * len(yb)  # last batch may be smaller
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total_loss / len(loader.dataset), correct / len(loader.dataset)

# %% early-stopping
class EarlyStopping:
    """Stop when the validation loss has not improved for `patience` epochs."""

    def __init__(self, patience=3, min_delta=0.0):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.bad_epochs = float("inf"), 0

    def step(self, val_loss):
        """Record one epoch's loss; True if below the best minus min_delta."""
        if val_loss < self.best - self.min_delta:
            self.best, self.bad_epochs = val_loss, 0
            return True
        self.bad_epochs += 1
        return False

    @property
    def should_stop(self):
        return self.bad_epochs >= self.patience

# %% checkpoints
from pathlib import Path

def save_checkpoint(path, model, optimizer, epoch, history, stopper):
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # creates the folder if missing
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epoch": epoch, "history": history,
                "stopper": {"best": stopper.best, "bad_epochs": stopper.bad_epochs}}, path)

def load_checkpoint(path, model, optimizer=None):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["model"])
    if optimizer is not None:
        optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint

# %% fit
def fit(model, optimizer, loss_fn, train_loader, val_loader, max_epochs, patience,
        device="cpu", folder=".", log=print, resume=None):  # resume: a checkpoint
    history = {"train_loss": [], "val_loss": [], "train_acc": [], "val_acc": []}
    stopper, first = EarlyStopping(patience=patience), 1
    if resume is not None:                   # model and optimizer are loaded already
        history, first = resume["history"], resume["epoch"] + 1
        stopper.best = resume["stopper"]["best"]
        stopper.bad_epochs = resume["stopper"]["bad_epochs"]
    for epoch in range(first, max_epochs + 1):
        train_loss, train_acc = run_epoch(model, train_loader, loss_fn, optimizer, device)
        val_loss, val_acc = run_epoch(model, val_loader, loss_fn, device=device)
        for key, value in zip(history, (train_loss, val_loss, train_acc, val_acc)):
            history[key].append(value)
        if improved := stopper.step(val_loss):      # the best loss so far
            save_checkpoint(f"{folder}/best.pt", model, optimizer, epoch, history, stopper)
        save_checkpoint(f"{folder}/last.pt", model, optimizer, epoch, history, stopper)
        log(f"epoch {epoch:2d}  train loss {train_loss:.3f}  val loss {val_loss:.3f}"
            f"  val acc {val_acc:.1%}" + ("  → best.pt" if improved else ""))
        if stopper.should_stop:
            log(f"stop: no better validation loss for {patience} epochs")
            break
    return history
