# %% encoder-layer
import torch
import torch.nn as nn

d_model, n_heads, d_ff = 64, 4, 256
layer = nn.TransformerEncoderLayer(d_model, n_heads, dim_feedforward=d_ff,
                                   dropout=0.1, batch_first=True)
x = torch.randn(2, 10, d_model)                  # (batch, tokens, d_model)
print("in ", tuple(x.shape), "-> out", tuple(layer(x).shape))
for name, child in layer.named_children():
    print(f"  {name:15} {type(child).__name__}")

# %% encoder-params
def count(module):
    return sum(p.numel() for p in module.parameters())

parts = {"self-attention": [layer.self_attn],
         "feed-forward": [layer.linear1, layer.linear2],
         "2 × LayerNorm": [layer.norm1, layer.norm2]}
for name, mods in parts.items():
    print(f"{name:15} {sum(count(m) for m in mods):6d}")
print(f"{'whole layer':15} {count(layer):6d}")
d, f = d_model, d_ff
total = (4*d*d + 4*d) + (2*d*f + f + d) + 4*d
print(f"formula: (4d²+4d) + (2df+f+d) + 4d = {total}")

# %% stack
encoder = nn.TransformerEncoder(layer, num_layers=6, enable_nested_tensor=False)
print("6 layers:", count(encoder), "parameters =", 6 * count(layer), "(copies)")

# %% decoder-layer
dec = nn.TransformerDecoderLayer(d_model, n_heads, dim_feedforward=d_ff,
                                 batch_first=True)
memory = torch.randn(2, 10, d_model)             # the encoder's output
target = torch.randn(2, 7, d_model)              # the tokens produced so far
causal = nn.Transformer.generate_square_subsequent_mask(7)
print("decoder out", tuple(dec(target, memory, tgt_mask=causal).shape))
print("self_attn", count(dec.self_attn), "+ cross-attn", count(dec.multihead_attn),
      "+ feed-forward", count(dec.linear1) + count(dec.linear2), "+ 3 norms",
      3 * 2 * d_model, "=", count(dec))
