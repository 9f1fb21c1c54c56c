# %% setup
import torch
import torch.nn as nn

B, T, D, H = 4, 7, 29, 16       # batch, time steps, input features, hidden size

# %% rnn
rnn = nn.RNN(input_size=D, hidden_size=H, num_layers=2, batch_first=True)
inputs = torch.randn(B, T, D)                     # batch_first=True: (batch, time, features)
output, h_n = rnn(inputs)
print("output:", tuple(output.shape), " top layer's h_t for every t")
print("h_n:   ", tuple(h_n.shape), "  last h_t of each layer: (layers, batch, hidden)")
print("same?  ", torch.equal(output[:, -1], h_n[-1]))

# %% time-first
rnn_tf = nn.RNN(D, H)                        # default batch_first=False
out_tf, _ = rnn_tf(inputs.transpose(0, 1))        # (time, batch, features)
print("batch_first=False output:", tuple(out_tf.shape))

# %% lstm-gru
lstm = nn.LSTM(D, H, batch_first=True)
output, (h_n, c_n) = lstm(inputs)                 # LSTM also returns the cell state
print("LSTM output", tuple(output.shape), " h_n", tuple(h_n.shape), " c_n", tuple(c_n.shape))

gru = nn.GRU(D, H, batch_first=True, bidirectional=True)
output, h_n = gru(inputs)                         # forward and backward directions
print("biGRU output", tuple(output.shape), " h_n", tuple(h_n.shape))

for name, m in [("RNN", nn.RNN(D, H)), ("GRU", nn.GRU(D, H)), ("LSTM", nn.LSTM(D, H))]:
    print(f"{name:4} parameters: {sum(p.numel() for p in m.parameters()):5d}",
          "  weight_hh", tuple(m.weight_hh_l0.shape))

# %% pad
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence

seqs = [torch.randn(5, D), torch.randn(3, D), torch.randn(2, D)]   # 3 names, 5/3/2 chars
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True)                       # (3, 5, D): zeros after the end

# %% pack
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print("sequences still running at each step:", packed.batch_sizes.tolist())
out_packed, h_n = rnn(packed)
out, out_lengths = pad_packed_sequence(out_packed, batch_first=True)
print("unpacked output:", tuple(out.shape), " lengths:", out_lengths.tolist())
last_real = out[torch.arange(3), lengths - 1]      # output at each sequence's own last step
print("h_n[-1] == output at last real step:", torch.allclose(h_n[-1], last_real))

# %% predict-exercise
# Predict what this prints, write it down, then run it.
gru = nn.GRU(10, 20, num_layers=2, bidirectional=True, batch_first=True)
out, h_n = gru(torch.zeros(3, 7, 10))
print("output", tuple(out.shape), "  h_n", tuple(h_n.shape))

# %% predict [solution]
gru = nn.GRU(10, 20, num_layers=2, bidirectional=True, batch_first=True)
out, h_n = gru(torch.zeros(3, 7, 10))
print("output", tuple(out.shape), "  h_n", tuple(h_n.shape))
