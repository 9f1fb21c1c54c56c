# ---
# lecture:
#   smoke: {EPOCHS: 1}
#   timeout: 600
# ---
# %% params
EPOCHS = 12
HIDDEN = 64
BATCH = 32
LR = 0.003

# %% setup
import string
import unicodedata
from pathlib import Path
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence

ALPHABET = string.ascii_lowercase + " '-"                 # the 29 symbols of Part 1
char_to_index = {ch: i for i, ch in enumerate(ALPHABET)}

# %% data
# unicodedata, Path and char_to_index come from the setup cell (imports, 29-symbol alphabet)
def to_ascii(name):                     # NFKD splits off the accents; drop them
    name = name.strip().lower().replace("ł", "l")     # ł has no accent to split off
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch in char_to_index)

names, labels, languages = [], [], []
for f in sorted((Path(__file__).parent / "names").glob("*.txt")):
    lines = f.read_text(encoding="utf-8").splitlines()
    names += [to_ascii(line) for line in lines]
    labels += [len(languages)] * len(lines)          # label: the language's index
    languages.append(f.stem)
per_language = [f"{lang} {labels.count(i)}" for i, lang in enumerate(languages)]
print(len(names), "names:", ", ".join(per_language[:5]))
print("           ", ", ".join(per_language[5:]))
print(*(f"{n} → {to_ascii(n)}" for n in ["Dvořák", "Wójcik", "Łukasz"]), sep="   ")

# %% batch
order = torch.randperm(len(names), generator=torch.Generator().manual_seed(0)).tolist()
val_idx, train_idx = order[:len(names) // 5], order[len(names) // 5:]    # 20% held out

def encode(name):                       # name → character indices
    return torch.tensor([char_to_index[ch] for ch in to_ascii(name)])

def make_batch(idx):                    # padded indices (B, T), lengths, language labels
    seqs = [encode(names[i]) for i in idx]
    lengths = torch.tensor([len(s) for s in seqs])
    y = torch.tensor([labels[i] for i in idx])
    return pad_sequence(seqs, batch_first=True), lengths, y

chars, lengths, y = make_batch(train_idx[:3])
print(f"train {len(train_idx)}, validation {len(val_idx)};",
      [names[i] for i in train_idx[:3]], "→", tuple(chars.shape), lengths.tolist())

# %% model
class NameRNN(nn.Module):
    def __init__(self, n_letters, hidden, n_classes):
        super().__init__()
        self.rnn = nn.RNN(n_letters, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, chars, lengths):
        onehot = F.one_hot(chars, self.rnn.input_size).float()  # (B, T, 29)
        packed = pack_padded_sequence(onehot, lengths, batch_first=True,
                                      enforce_sorted=False)
        _, h_n = self.rnn(packed)                 # h after each name's last letter
        return self.out(h_n[-1])                  # (B, n_classes) logits

model = NameRNN(len(ALPHABET), HIDDEN, len(languages))
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
print(model)

# %% evaluate
def evaluate(idx):                      # (loss, accuracy) on these names, no training
    model.eval()
    with torch.no_grad():
        chars, lengths, y = make_batch(idx)
        logits = model(chars, lengths)
    model.train()
    return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()

# %% train
history = []                  # evaluate(idx): (loss, accuracy) in eval mode, no gradients
for epoch in range(1, EPOCHS + 1):
    for batch in torch.randperm(len(train_idx)).split(BATCH):       # shuffled mini-batches
        chars, lengths, y = make_batch([train_idx[j] for j in batch])
        loss = F.cross_entropy(model(chars, lengths), y)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)       # RNNs can explode too
        optimizer.step()
    (train_loss, train_acc), (val_loss, val_acc) = evaluate(train_idx), evaluate(val_idx)
    history.append((train_loss, val_loss))
    if epoch % 6 == 1 or epoch == EPOCHS:
        print(f"epoch {epoch:2d}  loss {train_loss:.3f} / {val_loss:.3f}"
              f"  accuracy {train_acc:.0%} / {val_acc:.0%}  (train / validation)")

# %% loss-curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.6, 4.2))
for split, values in zip(["train", "validation"], zip(*history)):
    ax.plot(range(1, len(values) + 1), values, lw=2.5, label=split)
ax.set_xlabel("epoch", fontsize=15)
ax.set_ylabel("cross-entropy", fontsize=15)
ax.set_title("Character RNN on names: loss per epoch", fontsize=15)
ax.tick_params(labelsize=14)
ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
ax.grid(alpha=0.3)
ax.legend(fontsize=14)
plt.tight_layout()
plt.show()

# %% confusion
model.eval()
with torch.no_grad():
    chars, lengths, y = make_batch(val_idx)
    predicted = model(chars, lengths).argmax(dim=1)
k = len(languages)
confusion = torch.zeros(k, k, dtype=torch.long)
for true, pred in zip(y, predicted):
    confusion[true, pred] += 1
fig, ax = plt.subplots(figsize=(6.3, 5.6))
ax.imshow(confusion / confusion.sum(dim=1, keepdim=True), cmap="Blues", vmin=0, vmax=1)
for i in range(k):
    for j in range(k):
        if confusion[i, j]:
            ax.text(j, i, confusion[i, j].item(), ha="center", va="center", fontsize=14,
                    color="white" if confusion[i, j] > confusion[i].sum() / 2 else "black")
ax.set_xticks(range(k), languages, rotation=45, ha="right", fontsize=14)
ax.set_yticks(range(k), languages, fontsize=14)
ax.set_xlabel("predicted", fontsize=15)
ax.set_ylabel("true language", fontsize=15)
ax.set_title(f"Validation set ({len(val_idx)} names)", fontsize=15)
plt.tight_layout()
plt.show()

# %% top-confusions
off_diagonal = confusion.clone().fill_diagonal_(0)
counts, flat = off_diagonal.flatten().topk(3)
for n, idx in zip(counts.tolist(), flat.tolist()):
    true, pred = divmod(idx, k)
    print(f"{languages[true]} → {languages[pred]}: {n} of {confusion[true].sum().item()}")

# %% predict
def top_k(name, k=3):
    with torch.no_grad():
        chars = encode(name).unsqueeze(0)            # a batch of one
        probs = model(chars, torch.tensor([chars.shape[1]])).softmax(dim=1)[0]
    p, i = probs.topk(k)
    return "  ".join(f"{languages[j]} {q:.0%}" for q, j in zip(p.tolist(), i.tolist()))

for name in ["Hinton", "Bengio", "LeCun", "Schmidhuber",
             "Hyvärinen", "Mikolov", "Przybylski"]:
    print(f"{name:12} {top_k(name)}")
