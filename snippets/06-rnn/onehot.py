# %% encode
import string
import torch
import torch.nn.functional as F

ALPHABET = string.ascii_lowercase + " '-"      # what names/*.txt use: 29 symbols
char_to_index = {ch: i for i, ch in enumerate(ALPHABET)}

def name_to_onehot(name):                      # row t: one-hot of character t
    indices = torch.tensor([char_to_index[ch] for ch in name.lower()])
    return F.one_hot(indices, num_classes=len(ALPHABET)).float()

rossi = name_to_onehot("Rossi")
print("Rossi:", tuple(rossi.shape), " argmax of each row:", rossi.argmax(dim=1).tolist())

# %% plot
import matplotlib.pyplot as plt

N_LETTERS = len(ALPHABET)

name = "D'Angelo"
m = name_to_onehot(name)
fig, ax = plt.subplots(figsize=(11, 3.3))
ax.imshow(m, cmap="Greys", aspect="auto", vmin=0, vmax=1.4)
ax.set_xticks(range(N_LETTERS), [repr(c)[1:-1] if c != " " else "␣" for c in ALPHABET],
              fontsize=15, fontfamily="monospace")
ax.set_yticks(range(len(name)), [f"t={t}  {c}" for t, c in enumerate(name.lower())],
              fontsize=15, fontfamily="monospace")
ax.set_xticks([i - 0.5 for i in range(N_LETTERS + 1)], minor=True)
ax.set_yticks([i - 0.5 for i in range(len(name) + 1)], minor=True)
ax.grid(which="minor", color="0.8", lw=0.8)
ax.tick_params(which="minor", length=0)
ax.set_title(f"One-hot encoding of {name!r}: {len(name)} × {N_LETTERS}", fontsize=17)
plt.tight_layout()
plt.show()
