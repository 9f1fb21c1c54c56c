# ---
# lecture:
#   exclusive: true
#   requires: [cuda]
#   timeout: 180
#   smoke: {GPU_SIZES: [256, 1024], REPEATS: 2}
# ---
# %% params
GPU_SIZES, REPEATS = [256, 1024, 4096], 5   # sizes n; keep the best of REPEATS runs

# %% timer
import timeit
import torch

def best_ms(fn, cuda=False):
    """Fastest of REPEATS runs in milliseconds, after one warm-up run."""
    def run():
        fn()
        if cuda:
            torch.cuda.synchronize()    # kernels run asynchronously: wait
    run()                               # warm-up: CUDA context, kernel choice
    return min(timeit.repeat(run, number=1, repeat=REPEATS)) * 1e3


# %% compare
print(torch.cuda.get_device_name())
for n in GPU_SIZES:
    a, b = torch.randn(n, n), torch.randn(n, n)
    a_gpu, b_gpu = a.cuda(), b.cuda()
    cpu = best_ms(lambda: a @ b)
    gpu = best_ms(lambda: a_gpu @ b_gpu, cuda=True)
    print(f"n={n:>5}  CPU {cpu:9.2f} ms  GPU {gpu:7.3f} ms  ×{cpu / gpu:.1f}")

# %% transfer
n = GPU_SIZES[-1]
host = torch.randn(n, n)
copy = best_ms(lambda: host.cuda(), cuda=True)     # host → device, every time
print(f"{host.nbytes / 2**20:.0f} MiB to the GPU: {copy:.2f} ms")

# %% cuda-numpy [raises=TypeError]
a_gpu.numpy()            # NumPy only knows host (CPU) memory

# %% cuda-numpy-fix
print(a_gpu.cpu().numpy().shape)    # copy to the host first
