# ---
# lecture:
#   smoke: {N_SLOW: 64}
# ---
# %% params
N_SLOW = 128         # items in the "slow storage" example

# %% dataset
import torch
from torch.utils.data import DataLoader, Dataset

class Squares(Dataset):
    """Item i is the pair (i, i²). A map-style dataset needs two methods."""
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        x = torch.tensor([float(i)])
        return x, x**2

squares = Squares(10)
print("len:", len(squares), "  item 3:", squares[3])

# %% batches
loader = DataLoader(squares, batch_size=4, shuffle=True)
for epoch in range(2):
    order = [xb.int().flatten().tolist() for xb, yb in loader]
    print(f"epoch {epoch}: {order}")
xb, yb = next(iter(loader))
print("one batch:", tuple(xb.shape), tuple(yb.shape))
print("drop_last=True:", len(DataLoader(squares, batch_size=4, drop_last=True)), "batches")

# %% workers
import time

class SlowSquares(Squares):
    """Pretends each item is read from a slow disk or decoded from a JPEG."""
    def __getitem__(self, i):
        time.sleep(0.04)                    # waiting, not computing
        return super().__getitem__(i)

for workers in (0, 2):
    loader = DataLoader(SlowSquares(N_SLOW), batch_size=16, num_workers=workers)
    start = time.perf_counter()
    n_batches = sum(1 for _ in loader)
    print(f"num_workers={workers}: {n_batches} batches in "
          f"{time.perf_counter() - start:.2f} s")

# %% which-worker
from torch.utils.data import get_worker_info

class WhoLoadedMe(Squares):
    def __getitem__(self, i):
        info = get_worker_info()           # None in the main process
        return info.id if info else -1

loader = DataLoader(WhoLoadedMe(12), batch_size=3, num_workers=2)
print("worker per batch:", [batch.tolist() for batch in loader])

# %% pipeline
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

fig, ax = plt.subplots(figsize=(11, 3.4))
ax.set(xlim=(0, 11), ylim=(0.3, 3.5))
ax.axis("off")
boxes = [
    (0.2, "Sampler", "indices\n7 2 9 4 …\n(shuffled)"),
    (2.4, "Dataset", "dataset[i]\n→ (x, y)\none item"),
    (4.6, "collate_fn", "list of items\n→ one batch\n(stack / pad)"),
    (6.8, "batch", "xb: (B, …)\nyb: (B,)"),
    (9.0, "model", "xb.to(device)\nloss, backward"),
]
for x, title, body in boxes:
    colour = "#d9622b" if title == "collate_fn" else "#1f4e79"
    ax.add_patch(FancyBboxPatch((x, 0.5), 1.8, 2.2, boxstyle="round,pad=0.05",
                                fc="white", ec=colour, lw=2.5))
    ax.text(x + 0.9, 2.35, title, ha="center", va="center", fontsize=17,
            weight="bold", color=colour)
    ax.text(x + 0.9, 1.35, body, ha="center", va="center", fontsize=14)
for x, _, _ in boxes[:-1]:
    ax.add_patch(FancyArrowPatch((x + 1.9, 1.6), (x + 2.3, 1.6),
                                 arrowstyle="-|>", mutation_scale=22, lw=2))
ax.plot([2.35, 6.45], [3.0, 3.0], color="#66717d", lw=2)   # what workers run
ax.text(4.4, 3.2, "inside num_workers worker processes",
        ha="center", fontsize=14, color="#66717d")
plt.tight_layout()
plt.show()
