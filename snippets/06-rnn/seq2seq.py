# ---
# lecture:
#   smoke: {STEPS: 20, N_TRAIN: 500, N_TEST: 100}
#   timeout: 600
# ---
# %% params
STEPS = 400
N_TRAIN = 20000
N_TEST = 1000
HIDDEN, BATCH, LR = 64, 64, 3e-3

# %% data
import datetime
import random
import torch
import torch.nn as nn
import torch.nn.functional as F

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]

def random_date(rng):
    day = datetime.date(1900, 1, 1) + datetime.timedelta(days=rng.randrange(200 * 365))
    source = f"{day.day} {MONTHS[day.month - 1]} {day.year}"      # '7 june 1994'
    return source, day.isoformat()                                 # '1994-06-07'

rng = random.Random(0)
pairs = [random_date(rng) for _ in range(N_TRAIN + N_TEST)]
train_pairs = pairs[:N_TRAIN]
seen = {source for source, _ in train_pairs}
test_pairs = [p for p in pairs[N_TRAIN:] if p[0] not in seen]      # dates never trained on
SRC = sorted(set("".join(s for s, _ in pairs)))
TGT = sorted(set("0123456789-"))
src_index = {ch: i + 1 for i, ch in enumerate(SRC)}                # 0 = padding
tgt_index = {ch: i + 1 for i, ch in enumerate(TGT)}                # 0 = start symbol
print(f"train {len(train_pairs)}, test {len(test_pairs)} (none in train), e.g.", pairs[0])
print(f"{len(SRC)} source symbols, {len(TGT)} target symbols; target length 10")

def make_batch(batch_pairs):
    src = torch.zeros(len(batch_pairs), max(len(s) for s, _ in batch_pairs), dtype=torch.long)
    for b, (s, _) in enumerate(batch_pairs):
        src[b, :len(s)] = torch.tensor([src_index[ch] for ch in s])
    tgt = torch.tensor([[tgt_index[ch] for ch in t] for _, t in batch_pairs])
    return src, tgt                                                # (B, S), (B, 10)

# %% model
class Seq2Seq(nn.Module):
    """GRU encoder; GRU decoder that attends over all encoder states at every step."""
    def __init__(self, n_src, n_tgt, hidden):
        super().__init__()
        self.src_embed = nn.Embedding(n_src + 1, hidden, padding_idx=0)
        self.encoder = nn.GRU(hidden, hidden, batch_first=True)
        self.tgt_embed = nn.Embedding(n_tgt + 1, hidden)           # + the start symbol 0
        self.decoder = nn.GRUCell(hidden, hidden)
        self.out = nn.Linear(2 * hidden, n_tgt + 1)

    def forward(self, src, tgt):
        """Teacher forcing: step t reads the true symbol t-1 (0 = start)."""
        enc, h_n = self.encoder(self.src_embed(src))  # enc: (B, S, H)
        state = h_n[0]                                # (B, H)
        previous = F.pad(tgt[:, :-1], (1, 0))         # shift right, 0 first
        logits, weights = [], []
        for t in range(tgt.shape[1]):
            state = self.decoder(self.tgt_embed(previous[:, t]), state)
            scores = (enc @ state.unsqueeze(2)).squeeze(2)  # (B, S) dots
            scores = scores.masked_fill(src == 0, -torch.inf)  # no padding
            alpha = scores.softmax(dim=1)                   # attention
            context = (alpha.unsqueeze(1) @ enc).squeeze(1)  # (B, H) mean
            logits.append(self.out(torch.cat([state, context], dim=1)))
            weights.append(alpha)
        return torch.stack(logits, dim=1), torch.stack(weights, dim=1)

# %% build
model = Seq2Seq(len(SRC), len(TGT), HIDDEN)       # HIDDEN = 64 units everywhere
print(f"{sum(p.numel() for p in model.parameters()):,} parameters")

# %% train
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
for step in range(STEPS):
    batch_pairs = random.Random(step).sample(train_pairs, BATCH)
    src, tgt = make_batch(batch_pairs)           # (B, S) padded source, (B, 10) target
    logits, _ = model(src, tgt)
    loss = F.cross_entropy(logits.flatten(0, 1), tgt.flatten())
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % (STEPS // 4) == 0 or step == STEPS - 1:
        print(f"step {step:4d}  loss {loss.item():.3f}")

# %% greedy
@torch.no_grad()
def translate(sources):
    model.eval()
    src, _ = make_batch([(s, "0000-00-00") for s in sources])   # dummy target
    out = torch.zeros(len(sources), 0, dtype=torch.long)        # guesses so far
    for t in range(10):
        logits, weights = model(src, F.pad(out, (0, 1)))        # prefix + 1 step
        out = torch.cat([out, logits[:, -1].argmax(dim=1, keepdim=True)], dim=1)
    dates = ["".join(TGT[i - 1] if i else "?" for i in row)     # index 0 → "?"
             for row in out.tolist()]
    return dates, weights

# %% evaluate
guesses, _ = translate([s for s, _ in test_pairs])
exact = sum(g == t for g, (_, t) in zip(guesses, test_pairs)) / len(test_pairs)
print(f"exact match on {len(test_pairs)} unseen test dates: {exact:.1%}")
wrong = [i for i, (g, (_, t)) in enumerate(zip(guesses, test_pairs)) if g != t]
for i in dict.fromkeys([0, 1] + wrong[:3]):          # two held-out dates, three mistakes
    (source, truth), guess = test_pairs[i], guesses[i]
    mark = "✓" if guess == truth else f"✗ (should be {truth})"
    print(f"{source:>17} → {guess} {mark}   in training: {source in seen}")

# %% heatmap
import matplotlib.pyplot as plt

source = "23 september 1987"
(target,), weights = translate([source])
print(f"{source} → {target}   in training: {source in seen}")
fig, ax = plt.subplots(figsize=(12, 4.0))
ax.imshow(weights[0], cmap="Blues", vmin=0, vmax=1, aspect="auto")
ax.set_xticks(range(len(source)), [c if c != " " else "␣" for c in source], fontsize=16)
ax.set_yticks(range(10), list(target), fontsize=16)
ax.set_xlabel("input character (encoder step)", fontsize=16)
ax.set_ylabel("output character", fontsize=16)
ax.set_title("Attention weights while writing each output character", fontsize=16)
plt.tight_layout()
plt.show()
