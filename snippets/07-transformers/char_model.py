# ---
# lecture:
#   smoke: {STEPS: 5, EVAL_EVERY: 1, PRINT_EVERY: 2, CONTEXT: 32, BATCH: 8, SAMPLE_CHARS: 40}
#   timeout: 900
# ---
# %% params
CONTEXT, BATCH = 48, 16                 # window length, windows per step
D_MODEL, HEADS, LAYERS = 64, 4, 2       # width, heads, encoder layers
STEPS, EVAL_EVERY, PRINT_EVERY = 400, 20, 200
SAMPLE_CHARS = 120                      # characters to generate

# %% threads
import torch
torch.set_num_threads(1)   # matrices this small: extra threads cost more than they save

# %% data
from pathlib import Path
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

text = (Path(__file__).parent / "verses.txt").read_text()   # ships with the snippet
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text])
split = int(0.9 * len(data))
train_data, val_data = data[:split], data[split:]
print(f"{len(text)} characters, vocabulary of {len(chars)}: {''.join(chars)!r}")

def get_batch(source):
    """BATCH random windows of CONTEXT characters; y is x shifted by one."""
    starts = torch.randint(len(source) - CONTEXT - 1, (BATCH,))
    x = torch.stack([source[s:s + CONTEXT] for s in starts])
    y = torch.stack([source[s + 1:s + CONTEXT + 1] for s in starts])
    return x, y

# %% model
class CharTransformer(nn.Module):
    def __init__(self, vocab, d_model, heads, layers, context):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(context, d_model)     # learned positions
        layer = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, 0.1,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, vocab)         # scores for the next char

    def forward(self, idx):                           # idx: (B, T) char ids
        x = self.embed(idx) + self.pos(torch.arange(idx.size(1)))
        causal = nn.Transformer.generate_square_subsequent_mask(x.size(1))  # no peeking
        return self.head(self.encoder(x, mask=causal, is_causal=True))  # (B, T, vocab)
model = CharTransformer(len(chars), D_MODEL, HEADS, LAYERS, CONTEXT)
print(f"{sum(p.numel() for p in model.parameters()):,} parameters")

# %% sample
@torch.no_grad()
def sample(model, prompt, n_chars, temperature=0.8, seed=0):
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    idx = torch.tensor([[stoi[c] for c in prompt]])
    for _ in range(n_chars):
        logits = model(idx[:, -CONTEXT:])[0, -1] / temperature  # last position
        next_id = torch.multinomial(torch.softmax(logits, -1), 1, generator=gen)
        idx = torch.cat([idx, next_id[None]], dim=1)
    model.train()
    return "".join(chars[i] for i in idx[0])

# %% before
print(sample(model, "the river ", SAMPLE_CHARS))

# %% val-loss
@torch.no_grad()
def validation_loss():
    """Mean loss over every window of the held-out text, not one random batch."""
    model.eval()
    starts = range(len(val_data) - CONTEXT - 1)
    xv = torch.stack([val_data[s:s + CONTEXT] for s in starts])
    yv = torch.stack([val_data[s + 1:s + CONTEXT + 1] for s in starts])
    loss = F.cross_entropy(model(xv).flatten(0, 1), yv.flatten()).item()
    model.train()
    return loss

print(f"{len(val_data) - CONTEXT - 1} held-out windows; untrained model: {validation_loss():.3f}")

# %% train
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
losses, val_steps, val_losses = [], [], []
for step in range(STEPS):
    x, y = get_batch(train_data)
    loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten())   # every position
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if step % EVAL_EVERY == 0 or step == STEPS - 1:
        val_steps.append(step)
        val_losses.append(validation_loss())
    if step % PRINT_EVERY == 0 or step == STEPS - 1:
        print(f"step {step:3d}  train {loss.item():.3f}  val {val_losses[-1]:.3f}")

# %% best
best = val_losses.index(min(val_losses))
print(f"uniform guessing: ln({len(chars)}) = {math.log(len(chars)):.2f}")
print(f"lowest validation {val_losses[best]:.3f} at step {val_steps[best]}")

# %% after
print(sample(model, "the river ", SAMPLE_CHARS))

# %% loss-curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.4, 6))
ax.plot(losses, lw=1, alpha=0.35, label="train, per batch")
smooth = torch.tensor(losses).unfold(0, min(25, len(losses)), 1).mean(1)
ax.plot(range(len(losses) - len(smooth), len(losses)), smooth, lw=2.5,
        label="train (moving average)")
ax.plot(val_steps, val_losses, "o-", lw=2.5, color="#d62728", label="validation")
ax.axhline(math.log(len(chars)), ls="--", color="0.4", label="uniform guess")
ax.set_xlabel("step", fontsize=15)
ax.set_ylabel("cross-entropy (nats)", fontsize=15)
ax.tick_params(labelsize=14)
ax.legend(fontsize=14)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()

# %% attention-map
prompt = "the river runs"
idx = torch.tensor([[stoi[c] for c in prompt]])
model.eval()
with torch.no_grad():
    first = model.encoder.layers[0]
    emb = model.embed(idx) + model.pos(torch.arange(len(prompt)))
    normed = first.norm1(emb)             # norm_first: attention sees norm1(x)
    causal = nn.Transformer.generate_square_subsequent_mask(len(prompt))
    _, attn = first.self_attn(normed, normed, normed, attn_mask=causal,
                              average_attn_weights=False)    # (1, heads, T, T)
fig, axes = plt.subplots(1, 2, figsize=(10, 5), layout="constrained")
labels = [c if c != " " else "␣" for c in prompt]
for head, ax in enumerate(axes):
    im = ax.imshow(attn[0, head], cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(len(prompt)), labels, fontsize=17)
    ax.set_yticks(range(len(prompt)), labels, fontsize=17)
    ax.set_title(f"layer 1, head {head + 1}", fontsize=18)
    ax.set_xlabel("key (earlier character)", fontsize=17)
axes[0].set_ylabel("query (current character)", fontsize=17)
cbar = fig.colorbar(im, ax=axes, shrink=0.8)
cbar.ax.tick_params(labelsize=15)
plt.show()
