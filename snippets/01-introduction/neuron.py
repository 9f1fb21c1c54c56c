# %% mcp
import numpy as np

def mcp_neuron(inputs, threshold):      # fires iff enough inputs are on
    return int(np.sum(inputs) >= threshold)

print("x1 x2 | AND (θ=2)  OR (θ=1)")
for x in [(0, 0), (0, 1), (1, 0), (1, 1)]:
    print(f"{x[0]:2} {x[1]:2} | {mcp_neuron(x, 2):6} {mcp_neuron(x, 1):9}")

# %% step
import matplotlib.pyplot as plt

z = np.linspace(-4, 4, 401)
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(z, np.heaviside(z, 0), lw=3, label="step: perceptron (1958)")
ax.plot(z, 1 / (1 + np.exp(-z)), "--", lw=2.5, label="sigmoid: backprop (1986)")
ax.plot(z, np.maximum(z, 0), ":", lw=2.5, label="ReLU (2011)")
ax.set(xlabel="z = w·x + b", ylabel="activation", ylim=(-0.1, 1.6))
ax.xaxis.label.set_size(13)
ax.legend(fontsize=13, loc="upper left")
ax.tick_params(labelsize=12)
ax.grid(alpha=0.3)
plt.tight_layout()
plt.show()
