# ---
# lecture:
#   exclusive: true
#   requires: [cuda]
#   timeout: 180
#   smoke: {GPU_SIZES: [256, 1024], MIN_TIME: 0.05}
# ---
# %% params
GPU_SIZES, MIN_TIME = [256, 1024, 4096], 0.5   # n; seconds per timing

# %% compare
import torch
from torch.utils import benchmark   # warms up; waits for the GPU

def matmul_ms(n, device):
    a, b = torch.randn(2, n, n, device=device)    # two n × n matrices
    timer = benchmark.Timer(stmt="a @ b", globals={"a": a, "b": b},
                            num_threads=torch.get_num_threads())  # default: 1
    blocks = timer.blocked_autorange(min_run_time=MIN_TIME).times
    return min(blocks) * 1e3                      # ms, fastest block

for n in GPU_SIZES:
    cpu, gpu = matmul_ms(n, "cpu"), matmul_ms(n, "cuda")
    print(f"n={n:>5}  CPU {cpu:8.2f}  GPU {gpu:7.3f} ms  ×{cpu / gpu:.1f}")
