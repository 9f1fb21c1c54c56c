# %% versions
import platform
import numpy as np
import torch

print("Python :", platform.python_version(), platform.system(), platform.machine())
print("PyTorch:", torch.__version__)
print("NumPy  :", np.__version__)
print("built with CUDA:", torch.version.cuda)      # None for a CPU-only build

# %% device
print("CUDA available:", torch.cuda.is_available())
if torch.cuda.is_available():
    print("GPU:", torch.cuda.get_device_name(0))
    print("GPU count:", torch.cuda.device_count())
print("Apple MPS available:", torch.backends.mps.is_available())

if torch.cuda.is_available():                   # NVIDIA GPU
    device = torch.device("cuda")
elif torch.backends.mps.is_available():         # Apple-silicon GPU
    device = torch.device("mps")
else:
    device = torch.device("cpu")
print("using:", device)

