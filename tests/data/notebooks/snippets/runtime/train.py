# ---
# lecture:
#   smoke: {EPOCHS: 2}
# ---
# %% params
EPOCHS = 1000

# %% train
import random

losses = [random.random() / (epoch + 1) for epoch in range(EPOCHS)]
print(EPOCHS, "epochs")
