# %% hard-lookup
import torch

# A Python dict: the query must equal one key exactly; you get exactly one value.
prices = {"apple": 1.0, "banana": 0.5, "cherry": 4.0}
print("hard lookup:", prices["banana"])

# %% soft-lookup
# Attention: every key gets a similarity score with the query; softmax turns
# the scores into weights that sum to 1; the answer is the weighted mean of values.
keys = torch.tensor([[1.0, 0.0],     # "apple"
                     [0.0, 1.0],     # "banana"
                     [0.7, 0.7]])    # "cherry"
values = torch.tensor([1.0, 0.5, 4.0])
query = torch.tensor([0.1, 2.0])     # "mostly banana-like"

scores = keys @ query                # dot product = similarity
weights = torch.softmax(scores, dim=0)
print("scores :", scores)
print("weights:", weights.round(decimals=3), " sum =", weights.sum().item())
print(f"answer : {(weights @ values).item():.4f}")

# %% sharpness
# Scaling the scores up makes softmax approach the hard lookup (argmax).
for scale in [0.5, 1.0, 4.0, 16.0]:
    w = torch.softmax(scale * scores, dim=0)
    shown = ", ".join(f"{p:.3f}" for p in w.tolist())
    print(f"scale {scale:4}: weights [{shown}]  answer {w @ values:.3f}")
