# %% alphabet
import string
import torch
import torch.nn.functional as F

ALPHABET = string.ascii_lowercase + " '-"      # what names/*.txt use
N_LETTERS = len(ALPHABET)
char_to_index = {ch: i for i, ch in enumerate(ALPHABET)}
print(f"{N_LETTERS} symbols: {ALPHABET!r}")

# %% encode
def name_to_indices(name):
    return torch.tensor([char_to_index[ch] for ch in name.lower()])

def name_to_onehot(name):                      # row t: one-hot of character t
    return F.one_hot(name_to_indices(name), num_classes=N_LETTERS).float()

rossi = name_to_onehot("Rossi")                # (5, 29)
print("indices:", name_to_indices("Rossi").tolist())
print("shape:  ", tuple(rossi.shape), rossi.dtype)

# %% by-hand
manual = torch.zeros(5, N_LETTERS)
for t, ch in enumerate("rossi"):
    manual[t, char_to_index[ch]] = 1.0
assert torch.equal(manual, rossi)
print("by hand == F.one_hot:", torch.equal(manual, rossi))

# %% embedding-link
W = torch.randn(N_LETTERS, 4)                  # 4 numbers per character
via_matmul = rossi @ W                         # one-hot rows pick rows of W ...
via_lookup = W[name_to_indices("Rossi")]       # ... which is just indexing
print(torch.equal(via_matmul, via_lookup), tuple(via_lookup.shape))

# %% plot
import matplotlib.pyplot as plt

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
