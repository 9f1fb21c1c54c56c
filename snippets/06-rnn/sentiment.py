# ---
# lecture:
#   smoke: {EPOCHS: 1, LIMIT: 1500}
#   timeout: 600
# ---
# Data: sentiment/movie_reviews.tsv, Rotten Tomatoes sentences rated by human raters,
# shipped with the vaderSentiment package (MIT); see sentiment/README.md.

# %% params
EPOCHS = 6
LIMIT = None                  # None: every sentence
EMBED = 32
HIDDEN = 64                   # LSTM state size (the last model of the part)
BATCH, LR = 64, 0.005

# %% data
from pathlib import Path
import torch
import torch.nn as nn
import torch.nn.functional as F

path = Path(__file__).parent / "sentiment" / "movie_reviews.tsv"
texts, labels = [], []
for line in path.read_text(encoding="utf-8").splitlines()[:LIMIT]:
    _, rating, text = line.split("\t")            # id, mean rating in [-4, 4], text
    if abs(float(rating)) >= 0.5:                 # leave out the nearly neutral ones
        texts.append(text)
        labels.append(int(float(rating) > 0))     # 1 = positive, 0 = negative
print(f"{len(texts)} sentences, {sum(labels)} positive, e.g.")
for label in (1, 0):                              # a short sentence of each class
    i = next(i for i, t in enumerate(texts) if labels[i] == label and len(t) <= 60)
    print(f"  {['negative', 'positive'][label]}: {texts[i]}")

# %% split
torch.manual_seed(0)                              # the same split on every run
order = torch.randperm(len(texts)).tolist()
n_test = len(texts) // 10                         # 10% test, 10% validation, 80% train
test_idx, val_idx, train_idx = order[:n_test], order[n_test:2 * n_test], order[2 * n_test:]

# %% vocab
import re
from collections import Counter

def tokenize(text):
    return re.findall(r"[a-z0-9']+", text.lower())

counts = Counter(tok for i in train_idx for tok in tokenize(texts[i]))  # training only
itos = ["<unk>"] + sorted(tok for tok, n in counts.items() if n >= 2)  # index → token
stoi = {tok: i for i, tok in enumerate(itos)}                          # token → index

def encode(text):
    return torch.tensor([stoi.get(tok, 0) for tok in tokenize(text)], dtype=torch.long)
print(f"vocabulary: {len(itos)} tokens (words seen at least twice in training)")
example = "A gorgeously sloppy, unwatchable mess"
print(tokenize(example), "→", encode(example).tolist())

# %% batch
encoded = [encode(text) for text in texts]        # tokenize once, not every epoch

def make_batch(idx, encoded=encoded):      # all token ids in one flat tensor + start offsets
    seqs = [encoded[i] for i in idx]
    tokens = torch.cat(seqs)
    offsets = torch.tensor([0] + [len(s) for s in seqs[:-1]]).cumsum(dim=0)
    return tokens, offsets, torch.tensor([labels[i] for i in idx])

tokens, offsets, y = make_batch([0, 1, 2])
print("tokens", tuple(tokens.shape), " offsets", offsets.tolist(), " labels", y.tolist())

# %% model
class BagOfWords(nn.Module):                   # mean of the word vectors, then linear
    def __init__(self, vocab, embed, n_classes=2):
        super().__init__()
        self.bag = nn.EmbeddingBag(vocab, embed, mode="mean")
        self.out = nn.Linear(embed, n_classes)

    def forward(self, tokens, offsets):
        return self.out(self.bag(tokens, offsets))     # (B, embed) → (B, n_classes)

model = BagOfWords(len(itos), EMBED)          # vocabulary size × 32 numbers, then 32 → 2

# %% baseline
def accuracy(idx, model, encoded=encoded):
    model.eval()
    with torch.no_grad():
        tokens, offsets, y = make_batch(idx, encoded)
        correct = (model(tokens, offsets).argmax(dim=1) == y).float().mean().item()
    model.train()
    return correct

train_positive = sum(labels[i] for i in train_idx) / len(train_idx)
majority = int(train_positive >= 0.5)            # the larger class in the TRAINING labels
baseline = sum(labels[i] == majority for i in test_idx) / len(test_idx)
print(f"training labels: {train_positive:.1%} positive → always answer",
      ["negative", "positive"][majority])
print(f"baseline, always that class: test {baseline:.1%}")
print(f"untrained model: test {accuracy(test_idx, model):.1%}")

# %% train
def train(model, encoded=encoded):
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for epoch in range(1, EPOCHS + 1):
        for batch in torch.randperm(len(train_idx)).split(BATCH):   # shuffled
            tokens, offsets, y = make_batch([train_idx[j] for j in batch], encoded)
            loss = F.cross_entropy(model(tokens, offsets), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if epoch % 3 == 0:
            print(f"epoch {epoch}  accuracy train {accuracy(train_idx, model, encoded):.1%}"
                  f"  validation {accuracy(val_idx, model, encoded):.1%}")
    print(f"after {EPOCHS} epochs: test {accuracy(test_idx, model, encoded):.1%}")
train(model)

# %% words
weights = model.out.weight[1] - model.out.weight[0]        # positive minus negative
with torch.no_grad():
    score = model.bag.weight @ weights                      # one score per vocabulary word
common = torch.tensor([counts[tok] >= 20 for tok in itos])   # a Counter gives 0 if absent
score = score.masked_fill(~common, float("nan"))
ranked = [itos[i] for i in score.nan_to_num(0).argsort().tolist()]
print("most negative:", ", ".join(ranked[:8]))
print("most positive:", ", ".join(ranked[::-1][:8]))

# %% predict
reviews = ["A gorgeous, moving film with a terrific cast.",
           "Dull, predictable and far too long.",
           "Not good at all.",
           "I expected to hate it, but it is wonderful."]
model.eval()
with torch.no_grad():
    seqs = [encode(review) for review in reviews]
    offsets = torch.tensor([0] + [len(s) for s in seqs[:-1]]).cumsum(dim=0)
    probs = model(torch.cat(seqs), offsets).softmax(dim=1)[:, 1]
for review, p in zip(reviews, probs.tolist()):
    print(f"{p:5.0%} positive  {review}")

# %% bigrams-exercise
def tokenize_bigrams(text):
    """The words of `text` plus every pair of neighbours joined by '_',
    e.g. 'not good at all' → [..., 'not_good', 'good_at', 'at_all']."""
    raise NotImplementedError

print(tokenize_bigrams("not good at all"))

# %% bigrams [solution]
def tokenize_bigrams(text):
    words = tokenize(text)
    return words + [a + "_" + b for a, b in zip(words, words[1:])]

print(tokenize_bigrams("not good at all"))

# %% bigrams-retrain
counts2 = Counter(tok for i in train_idx for tok in tokenize_bigrams(texts[i]))
itos2 = ["<unk>"] + sorted(tok for tok, n in counts2.items() if n >= 2)
stoi2 = {tok: i for i, tok in enumerate(itos2)}
def encode2(text):
    ids = [stoi2.get(tok, 0) for tok in tokenize_bigrams(text)]
    return torch.tensor(ids, dtype=torch.long)
encoded2 = [encode2(text) for text in texts]
print(f"vocabulary {len(itos2):,} tokens (words only: {len(itos):,})")
model2 = BagOfWords(len(itos2), EMBED)
train(model2, encoded2)
with torch.no_grad():
    logits = model2.eval()(encode2("Not good at all."), torch.tensor([0]))
print(f"with pairs: {logits.softmax(dim=1)[0, 1]:.0%} positive  Not good at all.")

# %% not-good
def has_not_good(text):                      # words only: no tokenize_bigrams needed
    words = tokenize(text)
    return ("not", "good") in zip(words, words[1:])
n_all = sum(has_not_good(t) for t in texts)
n_train = sum(has_not_good(texts[i]) for i in train_idx)
verdict = "in the vocabulary" if n_train >= 2 else "below the min count of 2: <unk>"
print(f"not_good: {n_all} of {len(texts):,} sentences, {n_train} in training: {verdict}")

# %% lstm-model
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence

class LSTMClassifier(nn.Module):          # same inputs as BagOfWords, but reads word order
    def __init__(self, vocab, embed, hidden, n_classes=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, tokens, offsets):
        seqs = tokens.tensor_split(offsets[1:].tolist())      # one tensor per sentence
        lengths = torch.tensor([len(s) for s in seqs])
        padded = pad_sequence(seqs, batch_first=True)          # (B, T) ids, 0 after the end
        packed = pack_padded_sequence(self.embed(padded), lengths,
                                      batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)          # h_n[0]: state after each sentence's last word
        return self.out(h_n[0])                  # (B, hidden) → (B, n_classes)

lstm_model = LSTMClassifier(len(itos), EMBED, HIDDEN)

# %% lstm-train
optimizer = torch.optim.Adam(lstm_model.parameters(), lr=LR)
for epoch in range(1, EPOCHS + 1):                # the loop of the bag of words, new model
    for batch in torch.randperm(len(train_idx)).split(BATCH):
        tokens, offsets, y = make_batch([train_idx[j] for j in batch])
        loss = F.cross_entropy(lstm_model(tokens, offsets), y)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(lstm_model.parameters(), 1.0)   # as for every RNN
        optimizer.step()
print(f"after {EPOCHS} epochs: LSTM test {accuracy(test_idx, lstm_model):.1%}"
      f"  (bag of words {accuracy(test_idx, model):.1%})")

# %% lstm-predict
with torch.no_grad():
    seqs = [encode(review) for review in reviews]
    offsets = torch.tensor([0] + [len(s) for s in seqs[:-1]]).cumsum(dim=0)
    p_lstm = lstm_model.eval()(torch.cat(seqs), offsets).softmax(dim=1)[:, 1]
print("LSTM   bag")
for review, p, p_bag in zip(reviews, p_lstm.tolist(), probs.tolist()):
    print(f"{p:4.0%}  {p_bag:4.0%}  {review}")
