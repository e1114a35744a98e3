#!/usr/bin/env python3
"""Side-by-side of i2i's CycleGAN against PyTorch's reference training step.

Replays, in PyTorch 1.13 (Debian's python3-torch), the steps that i2i's ReferenceHarnessDump
wrote: the same initial weights, the same batches, the reference's update order, losses and
Adam(2e-4, 0.5, 0.999). Prints the losses of both side by side and, after the first step and the
last, the largest weight difference per tensor, so the first place where the numbers part beyond
float noise shows. Usage (not part of CI):

  ./mvnw -q -pl trainer test -Dtest=ReferenceHarnessDump -Dsurefire.failIfNoSpecifiedTests=false \
      -Di2i.harness=/tmp/h -Di2i.harness.steps=20
  /usr/bin/python3 scripts/reference-harness/compare.py /tmp/h
"""
import ast
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)


def load(path):
    shape = ast.literal_eval(open(path + ".shape").read())
    return torch.from_numpy(np.fromfile(path + ".f32", dtype="<f4").reshape(shape).copy())


def weights(folder):
    out = {}
    for line in open(os.path.join(folder, "index.txt")):
        name, file, _ = line.split(" ", 2)
        out[name] = load(os.path.join(folder, file))
    return out


class Params:
    """i2i's parameters as PyTorch tensors in PyTorch's layouts (conv OIHW, deconv IOHW)."""

    def __init__(self, raw):
        self.t = {}
        for name, v in raw.items():
            if name.endswith("/W"):
                v = v.permute(3, 2, 0, 1).contiguous()  # YXIO -> OIHW, [kH,kW,out,in] -> IOHW
            self.t[name] = v.clone().requires_grad_(True)

    def __getitem__(self, name):
        return self.t[name]

    def group(self, prefixes):
        return [v for k, v in self.t.items() if k.split("/")[0] in prefixes]


def inorm(x):
    return F.instance_norm(x, eps=1e-5)


def conv(p, x, name, stride=1, pad=0):
    return F.conv2d(x, p[name + "/W"], p[name + "/b"], stride=stride, padding=pad)


def deconv_same(p, x, name):
    # i2i's (SameDiff's) SAME transposed conv: ONNX ConvTranspose pads=[0,0,1,1], i.e. the full
    # 2H+1 output without its last row and column.
    y = F.conv_transpose2d(x, p[name + "/W"], p[name + "/b"], stride=2)
    return y[:, :, : 2 * x.shape[2], : 2 * x.shape[3]]


def generator(p, x, g, blocks, upsampling):
    x = F.relu(inorm(conv(p, F.pad(x, (3, 3, 3, 3), mode="reflect"), g + "/in")))
    for i in range(2):
        x = F.relu(inorm(conv(p, x, g + "/down%d" % i, stride=2, pad=1)))
    for i in range(blocks):
        n = g + "/res%d" % i
        y = F.relu(inorm(conv(p, F.pad(x, (1, 1, 1, 1), mode="reflect"), n + "/conv0")))
        y = inorm(conv(p, F.pad(y, (1, 1, 1, 1), mode="reflect"), n + "/conv1"))
        x = x + y
    for i in range(2):
        n = g + "/up%d" % i
        if upsampling == "RESIZE":
            x = conv(p, F.interpolate(x, scale_factor=2, mode="nearest"), n, pad=1)
        elif upsampling == "TRANSPOSED":  # the reference's ConvTranspose2d(k3, s2, p1, op1)
            x = F.conv_transpose2d(x, p[n + "/W"], p[n + "/b"], stride=2, padding=1, output_padding=1)
        else:
            x = deconv_same(p, x, n)
        x = F.relu(inorm(x))
    x = conv(p, F.pad(x, (3, 3, 3, 3), mode="reflect"), g + "/out")
    return torch.tanh(x)


def discriminator(p, x, d, n_layers=3):
    x = F.leaky_relu(conv(p, x, d + "/c0", stride=2, pad=1), 0.2)
    for n in range(1, n_layers + 1):
        stride = 2 if n < n_layers else 1
        x = F.leaky_relu(inorm(conv(p, x, d + "/c%d" % n, stride=stride, pad=1)), 0.2)
    return conv(p, x, d + "/logits", pad=1)


def main(folder):
    blocks = 4
    upsampling = os.environ.get("UPSAMPLING", "DECONV")
    p = Params(weights(os.path.join(folder, "init")))
    opt_g = torch.optim.Adam(p.group({"G_A", "G_B"}), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(p.group({"D_A", "D_B"}), lr=2e-4, betas=(0.5, 0.999))
    mse = nn.MSELoss()
    l1 = nn.L1Loss()
    i2i = [line.strip().split(",") for line in open(os.path.join(folder, "losses.csv"))]
    header, rows = i2i[0][1:], i2i[1:]
    print("%4s %-8s %10s %10s %8s" % ("step", "loss", "i2i", "pytorch", "rel.diff"))
    for s, row in enumerate(rows):
        real_a = load(os.path.join(folder, "batch", "%d_A" % s))
        real_b = load(os.path.join(folder, "batch", "%d_B" % s))
        G = lambda x, g: generator(p, x, g, blocks, upsampling)
        D = lambda x, d: discriminator(p, x, d)
        fake_b = G(real_a, "G_A")
        rec_a = G(fake_b, "G_B")
        fake_a = G(real_b, "G_B")
        rec_b = G(fake_a, "G_A")
        opt_g.zero_grad()
        pred_fb = D(fake_b, "D_A")
        pred_fa = D(fake_a, "D_B")
        losses = {
            "G_A": mse(pred_fb, torch.ones_like(pred_fb)),
            "G_B": mse(pred_fa, torch.ones_like(pred_fa)),
            "cycle_A": l1(rec_a, real_a) * 10,
            "cycle_B": l1(rec_b, real_b) * 10,
            "idt_A": l1(G(real_b, "G_A"), real_b) * 10 * 0.5,
            "idt_B": l1(G(real_a, "G_B"), real_a) * 10 * 0.5,
        }
        sum(losses.values()).backward()
        opt_g.step()
        opt_d.zero_grad()  # also drops what loss_G left in D's gradients
        def d_loss(d, real, fake):
            pr, pf = D(real, d), D(fake.detach(), d)
            return (mse(pr, torch.ones_like(pr)) + mse(pf, torch.zeros_like(pf))) * 0.5
        # Before the pool is full (50 images) it returns the newest fakes, as i2i's does.
        losses["D_A"] = d_loss("D_A", real_b, fake_b)
        losses["D_B"] = d_loss("D_B", real_a, fake_a)
        (losses["D_A"] + losses["D_B"]).backward()
        opt_d.step()
        for name, v in zip(header, row[1:]):
            mine, ref = float(v), losses[name].item()
            print("%4d %-8s %10.6f %10.6f %8.1e" % (s, name, mine, ref, abs(mine - ref) / max(1e-8, abs(ref))))
        if s == 0:
            compare(p, weights(os.path.join(folder, "after1")), "after step 1")
    compare(p, weights(os.path.join(folder, "final")), "after step %d" % len(rows))


def compare(p, theirs, when):
    worst = []
    flipped = total = 0
    for name, v in theirs.items():
        if name.endswith("/W"):
            v = v.permute(3, 2, 0, 1)
        d = (p[name].detach() - v).abs()
        worst.append((d.max().item(), name, (d > 1e-4).sum().item(), d.numel()))
        flipped += (d > 1e-4).sum().item()
        total += d.numel()
    worst.sort(reverse=True)
    print("weights %s: %d of %d elements differ by more than 1e-4; largest: %s" % (
        when, flipped, total, ", ".join("%s %.2e (%d of %d)" % (n, d, c, t) for d, n, c, t in worst[:6])))


if __name__ == "__main__":
    main(sys.argv[1])
