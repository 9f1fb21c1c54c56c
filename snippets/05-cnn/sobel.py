# %% image
import torch
import torch.nn.functional as F

H = W = 96
yy, xx = torch.meshgrid(torch.arange(H * 1.), torch.arange(W * 1.), indexing="ij")
image = 0.35 * xx / W                                     # a gentle left-to-right ramp
image[(xx - 30) ** 2 + (yy - 32) ** 2 < 18 ** 2] = 1.0    # a disc
image[56:86, 48:84] = 0.7                                 # a square
image[(yy - xx).abs() < 3] = 0.0                          # a dark diagonal line

# %% sobel
sobel_x = torch.tensor([[-1., 0., 1.],
                        [-2., 0., 2.],
                        [-1., 0., 1.]])                   # responds to vertical edges
kernels = torch.stack([sobel_x, sobel_x.T]).unsqueeze(1)  # (2, 1, 3, 3)
grad = F.conv2d(image.view(1, 1, H, W), kernels, padding=1)[0]
gx, gy = grad
magnitude = grad.pow(2).sum(dim=0).sqrt()
print("kernels:", tuple(kernels.shape), " responses:", tuple(grad.shape))
print(f"ramp interior: gx = {gx[10, 80]:.3f}  gy = {gy[10, 80]:.3f}")
print(f"largest edge response: {magnitude.max():.2f}")

# %% plot
import matplotlib.pyplot as plt

plt.rcParams.update({"font.size": 16})
panels = [(image, "image", "gray"), (gx, "$G_x$ (vertical edges)", "RdBu_r"),
          (gy, "$G_y$ (horizontal edges)", "RdBu_r"), (magnitude, "$\\sqrt{G_x^2+G_y^2}$", "magma")]
fig, axes = plt.subplots(1, 4, figsize=(12.8, 4.1))
for ax, (data, title, cmap) in zip(axes, panels):
    limit = data.abs().max().item()
    vmin = -limit if cmap == "RdBu_r" else 0
    ax.imshow(data, cmap=cmap, vmin=vmin, vmax=limit)
    ax.set_title(title, fontsize=17, pad=10)
    ax.axis("off")
plt.tight_layout()
plt.show()
