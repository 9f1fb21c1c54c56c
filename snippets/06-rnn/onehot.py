# %% encode
import string
import torch
import torch.nn.functional as F

ALPHABET = string.ascii_lowercase + " '-"      # what names/*.txt use: 29 symbols
char_to_index = {ch: i for i, ch in enumerate(ALPHABET)}

def name_to_onehot(name):                      # row t: one-hot of character t
    indices = torch.tensor([char_to_index[ch] for ch in name.lower()])
    return F.one_hot(indices, num_classes=len(ALPHABET)).float()

# %% plot
import matplotlib.pyplot as plt

N_LETTERS = len(ALPHABET)

example_name = "D'Angelo"
fig, ax = plt.subplots(figsize=(12.8, 2.7))
ax.imshow(name_to_onehot(example_name), cmap="Greys", aspect="auto", vmin=0, vmax=1.4)
ax.set_xticks(range(N_LETTERS), [c if c != " " else "␣" for c in ALPHABET],
              fontsize=17, fontfamily="monospace")
ax.set_yticks(range(len(example_name)), [f"t={t} {c}" for t, c in enumerate(example_name.lower())],
              fontsize=15, fontfamily="monospace")
ax.set_xticks([i - 0.5 for i in range(N_LETTERS + 1)], minor=True)
ax.set_yticks([i - 0.5 for i in range(len(example_name) + 1)], minor=True)
ax.grid(which="minor", color="0.8", lw=0.8)
ax.set_title(f"{example_name!r} → shape {tuple(name_to_onehot(example_name).shape)}  (letters, alphabet)",
             fontsize=17)
ax.tick_params(which="minor", length=0)
plt.tight_layout()
plt.show()
