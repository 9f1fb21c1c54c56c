# %% leaf
import torch

x = torch.tensor(2.0, requires_grad=True)   # we ask autograd to track x
w = torch.tensor(3.0)                        # a plain constant
print(f"{x.requires_grad=}  {x.is_leaf=}  {x.grad_fn=}")
print(f"{w.requires_grad=}  {w.is_leaf=}  {w.grad_fn=}")

# %% grad-fn
y = x**3 + w * x
print(f"{y.requires_grad=}  {y.is_leaf=}")
print("y.grad_fn:", y.grad_fn.name())                  # the node that made y
print("its inputs:", [node.name() for node, _ in y.grad_fn.next_functions])

# %% collect
def collect(root):
    """Every node reachable from root through next_functions, and the edges."""
    nodes, edges, todo = {id(root): root}, [], [root]
    while todo:
        node = todo.pop(0)                          # breadth first
        for parent, _ in node.next_functions:
            key = id(parent) if parent is not None else f"none-{len(edges)}"
            edges.append((key, id(node)))           # data flows parent → node
            if key not in nodes:
                nodes[key] = parent
                if parent is not None:
                    todo.append(parent)
    return nodes, edges

nodes, edges = collect(y.grad_fn)
real = [node for node in nodes.values() if node is not None]
print(len(real), "nodes found from y, plus None:")
for node in nodes.values():
    print(" ", node.name().split("::")[-1] if node else None)

# %% draw-graph
import matplotlib.pyplot as plt

def label(node):
    if node is None:
        return "None\n(w: no grad)"
    if hasattr(node, "variable"):                   # AccumulateGrad holds the leaf
        return "AccumulateGrad\n(writes x.grad)"
    return node.name()

depth = dict.fromkeys(nodes, 0)                     # longest path from y
for _ in nodes:
    for src, dst in edges:
        depth[src] = max(depth[src], depth[dst] + 1)
rows = {}
for key in nodes:
    rows.setdefault(depth[key], []).append(key)
pos = {}
for level, keys in rows.items():
    for i, key in enumerate(keys):                  # in the order found
        pos[key] = ((i + 1) / (len(keys) + 1), -level)

fig, ax = plt.subplots(figsize=(6.4, 5.8))
for src, dst in edges:                              # arrows = next_functions: from y back
    ax.annotate("", xy=pos[src], xytext=pos[dst],
                arrowprops=dict(arrowstyle="-|>", lw=2, color="#1f3b57",
                                shrinkA=30, shrinkB=30, mutation_scale=20))
for key, node in nodes.items():
    color = "#eeeeee" if node is None else "#e6f2e6" if hasattr(node, "variable") else "#fde0c5"
    ax.text(*pos[key], label(node), ha="center", va="center", fontsize=15,
            bbox=dict(boxstyle="round,pad=0.4", fc=color, ec="#1f3b57", lw=1.5))
ax.text(pos[id(y.grad_fn)][0], 0.45, "y", ha="center", fontsize=20)
ax.set(xlim=(-0.05, 1.05), ylim=(-max(rows) - 0.5, 0.7))
ax.axis("off")
plt.tight_layout()
plt.show()

# %% backward
print("before:", x.grad)
y.backward()                          # fills .grad of every leaf
print("after: ", x.grad)
print("by hand 3x² + w =", 3 * 2.0**2 + 3.0)
print("w.grad:", w.grad)              # w was not tracked

# %% twice [raises=RuntimeError]
y.backward()                          # the first call freed the graph
