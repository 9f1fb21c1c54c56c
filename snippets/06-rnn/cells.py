# %% setup
import torch
import torch.nn as nn

B, D, H = 3, 5, 4                # batch size, input features, hidden size
x_t = torch.randn(B, D)          # one time step of input
h_prev = torch.randn(B, H)       # previous hidden state
c_prev = torch.randn(B, H)       # previous cell state (LSTM only)

# %% rnn-cell
cell = nn.RNNCell(D, H)          # tanh by default
def rnn_step(x, h, W_ih, W_hh, b_ih, b_hh):
    return torch.tanh(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)

mine = rnn_step(x_t, h_prev, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
torch.testing.assert_close(mine, cell(x_t, h_prev))
print("RNN cell by hand matches nn.RNNCell;", "h' shape", tuple(mine.shape))

# %% lstm-cell
cell = nn.LSTMCell(D, H)         # weights hold 4 gates stacked: (4H, D) and (4H, H)
def lstm_step(x, h, c, W_ih, W_hh, b_ih, b_hh):
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=1)           # order: input, forget, cell, output
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c_new = f * c + i * g                        # forget some old memory, write some new
    h_new = o * torch.tanh(c_new)                # expose part of the memory
    return h_new, c_new

lstm_params = (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
h_new, c_new = lstm_step(x_t, h_prev, c_prev, *lstm_params)
h_ref, c_ref = cell(x_t, (h_prev, c_prev))
torch.testing.assert_close(h_new, h_ref)
torch.testing.assert_close(c_new, c_ref)
print("LSTM cell by hand matches nn.LSTMCell;", "weight_ih", tuple(cell.weight_ih.shape))

# %% gru-cell-exercise
def gru_step(x, h, W_ih, W_hh, b_ih, b_hh):
    gi = x @ W_ih.T + b_ih                       # (B, 3H): reset, update, new
    gh = h @ W_hh.T + b_hh
    # TODO: split gi and gh into three parts each, compute r, z and n,
    # and return h' = (1 - z) * n + z * h
    raise NotImplementedError

# %% gru-cell [solution]
def gru_step(x, h, W_ih, W_hh, b_ih, b_hh):
    gi = x @ W_ih.T + b_ih           # (B, 3H): reset, update, new
    gh = h @ W_hh.T + b_hh
    i_r, i_z, i_n = gi.chunk(3, dim=1)
    h_r, h_z, h_n = gh.chunk(3, dim=1)
    r = torch.sigmoid(i_r + h_r)     # reset gate
    z = torch.sigmoid(i_z + h_z)     # update gate
    n = torch.tanh(i_n + r * h_n)    # candidate state
    return (1 - z) * n + z * h

# %% gru-check
cell = nn.GRUCell(D, H)
mine = gru_step(x_t, h_prev, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
torch.testing.assert_close(mine, cell(x_t, h_prev))
print(f"matches nn.GRUCell; largest difference {(mine - cell(x_t, h_prev)).abs().max():.1e}")
