# ---
# lecture:
#   smoke: {STEPS: 2}
# ---
# %% params
STEPS = 5

# %% create
import torch

x = torch.arange(STEPS)
print(x)

# %% html
print("<script>alert('hi')</script> & <b>")

# %% plot
import matplotlib.pyplot as plt

plt.figure(figsize=(4, 3))
plt.plot(x.numpy(), (x**2).numpy())
plt.show()

# %% oops [raises=ZeroDivisionError]
1 / 0
