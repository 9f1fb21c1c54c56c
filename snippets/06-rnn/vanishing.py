# ---
# lecture:
#   smoke: {STEPS: 30}
# ---
# %% params
STEPS, HIDDEN, FEATURES, BATCH = 100, 64, 8, 32

# %% models
import torch
import torch.nn as nn

def lstm_with_forget_bias(value):
    lstm = nn.LSTM(FEATURES, HIDDEN, batch_first=True)
    with torch.no_grad():                        # gate order i, f, g, o: f is the 2nd block
        lstm.bias_hh_l0[HIDDEN:2 * HIDDEN] += value
    return lstm

# %% measure
def grad_vs_steps_back(model):        # gradient norm k steps back
    x = torch.randn(BATCH, STEPS, FEATURES, requires_grad=True)
    model(x)[0][:, -1].sum().backward()      # loss: last step only
    return x.grad.norm(dim=2).mean(dim=0).flip(0)

models = {"RNN (tanh)": nn.RNN(FEATURES, HIDDEN, batch_first=True),
          "LSTM, default init": lstm_with_forget_bias(0.0),
          "LSTM, forget bias +1": lstm_with_forget_bias(1.0),
          "LSTM, forget bias +3": lstm_with_forget_bias(3.0)}
norms = {name: grad_vs_steps_back(model) for name, model in models.items()}
for name, g in norms.items():
    print(f"{name:22} 1 step back {g[1]:.1e}   {STEPS - 1} steps back {g[-1]:.1e}")

# %% plot
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8.2, 2.7))
for (name, g), style, mark in zip(norms.items(), ["-", "--", "-.", ":"], [None, None, None, "o"]):
    ax.semilogy(g, style, lw=2.5, marker=mark, markevery=10, label=name)
ax.set_xlabel("time steps back from the output", fontsize=15)
ax.set_ylabel("gradient norm", fontsize=15)
ax.tick_params(labelsize=14)
ax.grid(alpha=0.3, which="major")
ax.legend(fontsize=14, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
plt.tight_layout()
plt.show()
