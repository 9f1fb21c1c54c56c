# %% layer-exercise
def conv_layer(c_in, h, w, c_out, k, p=0, s=1):
    """Return the output shape (c_out, h_out, w_out) and the parameter count
    (weights and biases) of nn.Conv2d(c_in, c_out, k, padding=p, stride=s)
    applied to a c_in × h × w input."""
    ...

# %% layer [solution]
def conv_layer(c_in, h, w, c_out, k, p=0, s=1):
    """Output shape and parameter count of nn.Conv2d on a c_in × h × w input."""
    size = lambda n: (n + 2 * p - (k - 1) - 1) // s + 1
    return (c_out, size(h), size(w)), c_out * (c_in * k * k + 1)

# %% check
import torch
import torch.nn as nn

stack = [(16, 5, 2, 1), (32, 3, 1, 2), (64, 3, 0, 2)]      # (c_out, k, p, s) per layer
shape = (3, 40, 30)
for c_out, k, p, s in stack:
    conv = nn.Conv2d(shape[0], c_out, k, padding=p, stride=s)
    real_shape = tuple(conv(torch.zeros(1, *shape)).shape[1:])
    real_params = sum(t.numel() for t in conv.parameters())
    guess_shape, guess_params = conv_layer(*shape, c_out, k, p, s)
    assert (guess_shape, guess_params) == (real_shape, real_params)
    print(f"{str(shape):>14} → {str(real_shape):<14} {real_params:>7,} parameters  ✓")
    shape = real_shape
