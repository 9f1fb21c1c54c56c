# %% embed
import math
import torch

tokens = "the cat sat on the mat".split()
vocab = sorted(set(tokens))
table = 0.6 * torch.randn(len(vocab), 16)         # one random vector per word
x = table[[vocab.index(t) for t in tokens]]       # (T, 16); both "the" are equal

# %% weights
# No learned projections yet: q = k = x, so similarity is plain vector similarity.
scores = x @ x.T / math.sqrt(x.size(-1))
weights = torch.softmax(scores, dim=-1)
T = len(tokens)
causal = torch.ones(T, T, dtype=torch.bool).tril()
causal_weights = torch.softmax(scores.masked_fill(~causal, float("-inf")), dim=-1)
print("row for the 2nd 'the':", weights[4].round(decimals=2))

# %% plot
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), layout="constrained")
for ax, w, title in zip(axes, [weights, causal_weights], ["no mask", "causal mask"]):
    im = ax.imshow(w, cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(T), tokens, rotation=45, fontsize=15)
    ax.set_yticks(range(T), tokens, fontsize=15)
    ax.set_xlabel("key (attended to)", fontsize=15)
    ax.set_title(title, fontsize=17)
axes[0].set_ylabel("query (attending)", fontsize=15)
cbar = fig.colorbar(im, ax=axes, shrink=0.85)
cbar.ax.tick_params(labelsize=14)
plt.show()
