# %% layer-exercise
def conv_layer(c_in, h, w, c_out, k, p=0, s=1):
    """Return the output shape (c_out, h_out, w_out) and the parameter count
    (weights and biases) of nn.Conv2d(c_in, c_out, k, padding=p, stride=s)
    applied to a c_in × h × w input."""
    raise NotImplementedError

# %% layer [solution]
def conv_layer(c_in, h, w, c_out, k, p=0, s=1):
    """Output shape and parameter count of nn.Conv2d on a c_in × h × w input."""
    size = lambda n: (n + 2 * p - (k - 1) - 1) // s + 1
    return (c_out, size(h), size(w)), c_out * (c_in * k * k + 1)

# %% check
import torch
import torch.nn as nn

stack = [(16, 5, 2, 1), (32, 3, 1, 2), (64, 3, 0, 2)]      # (c_out, k, p, s) per layer
shape, results = (3, 40, 30), []
for layer, (c_out, k, p, s) in enumerate(stack, start=1):
    conv = nn.Conv2d(shape[0], c_out, k, padding=p, stride=s)
    real_shape = tuple(conv(torch.zeros(1, *shape)).shape[1:])
    real_params = sum(t.numel() for t in conv.parameters())
    results.append(conv_layer(*shape, c_out, k, p, s) == (real_shape, real_params))
    print(f"layer {layer}: {'×'.join(map(str, real_shape)):>8}, {real_params:>6,} parameters",
          "✓ conv_layer agrees" if results[-1] else "✗ conv_layer differs")
    shape = real_shape
assert all(results)

# %% predict-exercise
conv = nn.Conv2d(3, 8, kernel_size=5, padding=2)
pool = nn.MaxPool2d(2)
out = pool(torch.relu(conv(torch.zeros(1, 3, 32, 32))))
print(tuple(out.shape), sum(t.numel() for t in conv.parameters()))

# %% predict [solution]
conv = nn.Conv2d(3, 8, kernel_size=5, padding=2)
pool = nn.MaxPool2d(2)
out = pool(torch.relu(conv(torch.zeros(1, 3, 32, 32))))
print(tuple(out.shape), sum(t.numel() for t in conv.parameters()))
