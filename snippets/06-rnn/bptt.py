# ---
# lecture:
#   smoke: {EPOCHS: 1}
#   timeout: 300
# ---
# %% params
EPOCHS = 12
STREAMS, CHUNK = 8, 50          # 8 parallel streams; backpropagate through 50 steps at most
HIDDEN, LR = 32, 0.01

# %% data
import torch
import torch.nn as nn

t = torch.arange(4000, dtype=torch.float32)
signal = torch.sin(0.07 * t) + 0.5 * torch.sin(0.023 * t) + 0.05 * torch.randn(len(t))
streams = signal.reshape(STREAMS, -1)            # (8, 500): cut into 8 long rows
x_all = streams[:, :-1].unsqueeze(-1)            # input x_t
y_all = streams[:, 1:].unsqueeze(-1)             # target x_{t+1}
x_train, y_train = x_all[:-1], y_all[:-1]        # streams 0-6: training
x_held, y_held = x_all[-1:], y_all[-1:]          # stream 7: never trained on
print("training streams:", tuple(x_train.shape), " held-out stream:", tuple(x_held.shape),
      f"→ {x_train.shape[1] // CHUNK} chunks of {CHUNK} steps")

# %% model
class NextStep(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x, state=None):
        out, state = self.lstm(x, state)
        return self.head(out), state

model = NextStep(HIDDEN)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

# %% train
history = []                                       # one row per epoch
for epoch in range(EPOCHS):
    state = None
    for start in range(0, x_train.shape[1] - CHUNK + 1, CHUNK):
        chunk = slice(start, start + CHUNK)
        if state is not None:
            state = tuple(s.detach() for s in state)   # keep the values, cut the graph
        pred, state = model(x_train[:, chunk], state)
        loss = nn.functional.mse_loss(pred, y_train[:, chunk])
        optimizer.zero_grad()
        loss.backward()                                # through ≤ CHUNK steps only
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
    with torch.no_grad():
        fit = nn.functional.mse_loss(model(x_train)[0], y_train).item()
        held = nn.functional.mse_loss(model(x_held)[0], y_held).item()
    history.append((fit, held))                    # end-of-epoch weights

# %% result
for epoch, (fit, held) in enumerate(history, start=1):   # end-of-epoch losses
    if epoch in (1, 4, 8, EPOCHS):
        print(f"epoch {epoch:2d}: training {fit:.4f}, held-out {held:.4f}")
with torch.no_grad():                       # final weights, stream by stream
    per_stream = ((model(x_train)[0] - y_train) ** 2).mean(dim=(1, 2))
print(f"training streams alone: {per_stream.min():.4f} to {per_stream.max():.4f}")

# %% plot
import matplotlib.pyplot as plt

with torch.no_grad():
    pred, _ = model(x_held)                          # the held-out stream, all 499 steps
steps = slice(200, 499)
fig, ax = plt.subplots(figsize=(10.0, 1.65))
ax.plot(range(200, 499), y_held[0, steps, 0], lw=5, alpha=0.35, label="target")
ax.plot(range(200, 499), pred[0, steps, 0], lw=2, color="black", label="LSTM,\none step ahead")
ax.set_xlabel("time step (held-out stream 7)", fontsize=18)
ax.tick_params(labelsize=18)
ax.set_ylim(-2.1, 2.1)
ax.legend(fontsize=18, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()
