# ---
# lecture:
#   exclusive: true
#   timeout: 120
#   smoke: {SIZES: [16, 64], MIN_TIME: 0.05}
# ---
# %% params
SIZES = [16, 64, 256, 1024]   # n × n matrices; each step: 4× n, 64× the work
MIN_TIME = 1.0                # seconds of timed blocks per size, at least

# %% timer
import torch
from torch.utils import benchmark   # warm-up, then many timed blocks of calls

def matmul_ms(n):
    """Milliseconds per n × n product, from the fastest block of calls."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    timer = benchmark.Timer(stmt="a @ b", globals={"a": a, "b": b},
                            num_threads=torch.get_num_threads())  # default: 1
    blocks = timer.blocked_autorange(min_run_time=MIN_TIME).times  # s/call
    return min(blocks) * 1e3    # other load only ever slows a block down

# %% cpu-table
threads = torch.get_num_threads()
print(f"{'n':>6} {'ms':>9} {'× prev':>7} {'GFLOP/s':>8}  ({threads} threads)")
cpu_ms, gflops = {}, {}
for n in SIZES:
    cpu_ms[n] = matmul_ms(n)
    gflops[n] = 2 * n**3 / cpu_ms[n] / 1e6  # a product costs 2n³ operations
    ratio = f"{cpu_ms[n] / cpu_ms[n // 4]:.1f}" if n // 4 in cpu_ms else ""
    print(f"{n:>6} {cpu_ms[n]:>9.3f} {ratio:>7} {gflops[n]:>8.1f}")
print("lowest GFLOP/s at n =", min(gflops, key=gflops.get))

# %% cpu-plot
import matplotlib.pyplot as plt

sizes, times = list(cpu_ms), list(cpu_ms.values())
cubic = [times[-1] * (n / sizes[-1]) ** 3 for n in sizes]  # ∝ n³
fig, ax = plt.subplots(figsize=(6.4, 6))
ax.loglog(sizes, times, "o-", lw=3, ms=9, label="measured")
ax.loglog(sizes, cubic, "--", lw=2, color="gray", label="∝ n³")
ax.set_xticks(sizes, labels=[str(n) for n in sizes])
ax.minorticks_off()
ax.set_xlabel("n (two n × n matrices)", fontsize=16)
ax.set_ylabel("time per matmul (ms)", fontsize=16)
ax.tick_params(labelsize=15)
ax.legend(fontsize=15)
plt.tight_layout()
plt.show()
