# %% rebind
F = 28 * 28          # a feature count, where the other snippet has torch.nn.functional
x = 0.5
print(F * x)
