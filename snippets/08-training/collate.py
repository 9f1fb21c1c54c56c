# %% dataset
import torch
from torch.utils.data import DataLoader, Dataset

WORDS = ["ox", "horse", "cat", "elephant", "bee", "dog", "giraffe", "yak"]
BIG = {"horse", "elephant", "giraffe", "ox", "yak"}          # label 1

class Animals(Dataset):              # item: (letter codes 1..26, label)
    def __len__(self):
        return len(WORDS)
    def __getitem__(self, i):
        codes = torch.tensor([ord(c) - ord("a") + 1 for c in WORDS[i]])
        return codes, int(WORDS[i] in BIG)

animals = Animals()
print(animals[0], animals[1])

# %% default-fails [raises=RuntimeError]
batch = next(iter(DataLoader(animals, batch_size=4)))   # default_collate stacks

# %% pad-collate
from torch.nn.utils.rnn import pad_sequence

def pad_collate(items):              # [(codes, label), …] → one batch
    codes, labels = zip(*items)
    lengths = torch.tensor([len(c) for c in codes])
    padded = pad_sequence(codes, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)   # (B, T), (B,), (B,)

loader = DataLoader(animals, batch_size=4, collate_fn=pad_collate)
padded, lengths, labels = next(iter(loader))
print(padded)
print("lengths", lengths.tolist(), " labels", labels.tolist())

# %% mask
embed = torch.nn.Embedding(27, 8)   # code 0 too
mask = torch.arange(padded.shape[1]) < lengths[:, None]
vectors = embed(padded) * mask[..., None]   # pads → 0
mean = vectors.sum(dim=1) / lengths[:, None]

# %% mask-check
for i in range(4):   # each word, unpadded
    codes, _ = animals[i]
    alone = embed(codes).mean(0)
    torch.testing.assert_close(mean[i], alone)
print("masked mean == mean of each unpadded word")

# %% plot
import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap

fig, ax = plt.subplots(figsize=(5.4, 3.6))
ax.imshow(mask, cmap=ListedColormap(["#eeeeee", "#a9c8e8"]))
for r, row in enumerate(padded.tolist()):
    for c, code in enumerate(row):
        text = chr(code + ord("a") - 1) if code else "0"
        ax.text(c, r, text, ha="center", va="center", fontsize=20,
                color="black" if code else "#999999")
ax.set_xticks(range(padded.shape[1]))
ax.set_yticks(range(4), [f"len {n}" for n in lengths.tolist()])
ax.tick_params(labelsize=18)
ax.set_xlabel("position t (grey: padding)", fontsize=18)
ax.set_title("mask: blue = real, grey = 0", fontsize=18)
plt.tight_layout()
plt.show()
