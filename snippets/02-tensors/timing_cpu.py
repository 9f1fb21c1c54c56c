# ---
# lecture:
#   exclusive: true
#   timeout: 120
#   smoke: {SIZES: [64, 128, 256], REPEATS: 2}
# ---
# %% params
SIZES, REPEATS = [256, 512, 1024, 2048], 5   # sizes n; keep the best of REPEATS runs

# %% cpu-table
import timeit
import torch
print(f"{'n':>6} {'ms':>9} {'GFLOP/s':>9}  ({torch.get_num_threads()} threads)")
cpu_ms = {}
for n in SIZES:
    a, b = torch.randn(n, n), torch.randn(n, n)
    timer = timeit.Timer(lambda: a @ b)
    calls, _ = timer.autorange()          # enough calls for ≥ 0.2 s
    cpu_ms[n] = min(timer.repeat(number=calls, repeat=REPEATS)) / calls * 1e3
    print(f"{n:>6} {cpu_ms[n]:>9.2f} {2 * n**3 / cpu_ms[n] / 1e6:>9.1f}")

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
