# ---
# lecture:
#   smoke: {EPOCHS: 2}
#   timeout: 600
# ---
# %% params
EPOCHS = 30
EMBED, HIDDEN = 64, 64
BATCH, LR = 16, 0.01

# %% data
import csv
from pathlib import Path
import torch
import torch.nn as nn
import torch.nn.functional as F

with open(Path(__file__).parent / "headlines.tsv", newline="") as f:
    rows = list(csv.DictReader(f, delimiter="\t"))
topics = sorted({row["topic"] for row in rows})
texts = [row["headline"] for row in rows]
labels = [topics.index(row["topic"]) for row in rows]
train_idx, test_idx = [], []
for k in range(len(topics)):                       # stratified: 3/4 train, 1/4 test per topic
    idx = [i for i, y in enumerate(labels) if y == k]
    idx = [idx[j] for j in torch.randperm(len(idx)).tolist()]
    cut = len(idx) * 3 // 4
    train_idx += idx[:cut]
    test_idx += idx[cut:]
print(f"{len(texts)} headlines, topics {topics}; train {len(train_idx)}, test {len(test_idx)}")
print(repr(texts[0]), "→", topics[labels[0]])

# %% vocab
import re
from collections import Counter

def tokenize(text):
    return re.findall(r"[a-z0-9']+", text.lower())

counts = Counter(tok for i in train_idx for tok in tokenize(texts[i]))   # training set only
itos = ["<pad>", "<unk>"] + sorted(counts)         # index → token
stoi = {tok: i for i, tok in enumerate(itos)}      # token → index

def encode(text):
    return torch.tensor([stoi.get(tok, stoi["<unk>"]) for tok in tokenize(text)])

print(f"vocabulary: {len(itos)} tokens")
print(tokenize("Striker signs for rivals in a record deal"))
print(encode("Striker signs for rivals in a record deal").tolist())

# %% bag-model
class BagClassifier(nn.Module):
    """Mean of the word vectors, then a linear layer: word order is ignored."""
    def __init__(self, vocab, embed, n_classes):
        super().__init__()
        self.bag = nn.EmbeddingBag(vocab, embed, mode="mean")
        self.out = nn.Linear(embed, n_classes)

    def forward(self, seqs):
        flat = torch.cat(seqs)                               # all tokens in one 1-D tensor
        lengths = torch.tensor([len(s) for s in seqs])
        offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
        return self.out(self.bag(flat, offsets))             # offsets: where each text starts

# %% lstm-model
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence

class LSTMClassifier(nn.Module):
    def __init__(self, vocab, embed, hidden, n_classes):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed, padding_idx=0)   # <pad> stays a zero vector
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, seqs):
        lengths = torch.tensor([len(s) for s in seqs])
        x = self.embed(pad_sequence(seqs, batch_first=True))     # (B, T, embed)
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)
        return self.out(h_n[-1])                                 # (B, n_classes)

# %% train
def accuracy(model, idx):
    model.eval()
    with torch.no_grad():
        predicted = model([encode(texts[i]) for i in idx]).argmax(dim=1)
    model.train()
    return (predicted == torch.tensor([labels[i] for i in idx])).float().mean().item()

def fit(model):
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    test_acc = []
    for epoch in range(EPOCHS):
        order = [train_idx[j] for j in torch.randperm(len(train_idx)).tolist()]
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            logits = model([encode(texts[i]) for i in batch])
            loss = F.cross_entropy(logits, torch.tensor([labels[i] for i in batch]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        test_acc.append(accuracy(model, test_idx))
    return test_acc

models = {"bag": BagClassifier(len(itos), EMBED, len(topics)),
          "lstm": LSTMClassifier(len(itos), EMBED, HIDDEN, len(topics))}
curves = {}
for name, model in models.items():
    curves[name] = fit(model)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{name:4} {n_params:5d} params  train {accuracy(model, train_idx):4.0%}"
          f"  test {curves[name][-1]:4.0%}")

# %% curves
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8, 4.8))
legend_names = {"bag": "EmbeddingBag (mean)", "lstm": "Embedding + LSTM"}
for (name, acc), style in zip(curves.items(), ["-", "--"]):
    ax.plot(range(1, len(acc) + 1), acc, style, lw=2.5, label=legend_names[name])
ax.axhline(1 / len(topics), color="0.5", lw=1.5, ls=":", label="chance")
ax.set_xlabel("epoch", fontsize=16)
ax.set_ylabel(f"test accuracy ({len(test_idx)} headlines)", fontsize=16)
ax.set_ylim(0, 1.02)
ax.tick_params(labelsize=16)
ax.grid(alpha=0.3)
ax.legend(fontsize=15, loc="lower right")
plt.tight_layout()
plt.show()

# %% predict
new = ["Goalkeeper injured before the cup final",
       "Bank profits fall as interest rates rise",
       "Telescope finds a planet with water clouds",
       "Novelist wins the prize for her debut"]
for model in models.values():
    model.eval()
with torch.no_grad():
    seqs = [encode(text) for text in new]
    guesses = {name: model(seqs).argmax(dim=1).tolist() for name, model in models.items()}
for j, text in enumerate(new):
    print(text)
    print("   ", "   ".join(f"{name}: {topics[g[j]]:9}" for name, g in guesses.items()))
