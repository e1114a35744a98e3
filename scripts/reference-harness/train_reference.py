#!/usr/bin/env python3
"""A compact PyTorch CycleGAN with the reference code's cycle_gan defaults, for side-by-side
quality runs against i2i on the same season data (not part of CI).

Same architecture as compare.py (ResNet generator with ConvTranspose2d(k3, s2, p1, op1), 70x70
PatchGAN, instance norm), N(0, 0.02) init, LSGAN, cycle 10, identity 0.5, pool 50, Adam(2e-4, 0.5),
linear decay, batch 1; data as the reference's unaligned dataset (A shuffled per epoch, B random,
random horizontal flip; with --load-size above 64, each image is first resized to it (bicubic) and
a random 64x64 crop taken, the reference's resize_and_crop). Exports G_A to ONNX with the i2i
contract's names, ready for `i2i import` and `i2i evaluate`:

  /usr/bin/python3 scripts/reference-harness/train_reference.py DATA OUT.onnx \
      --epochs 3 --epochs-decay 3 --seed 7 [--load-size 72]
"""
import argparse
import glob
import os
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

torch.set_num_threads(int(os.environ.get("THREADS", "2")))


class Resnet(nn.Module):
    def __init__(self, ngf=16, blocks=4):
        super().__init__()
        IN = lambda c: nn.InstanceNorm2d(c)
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), IN(ngf), nn.ReLU(True)]
        ch = ngf
        for _ in range(2):
            layers += [nn.Conv2d(ch, ch * 2, 3, 2, 1), IN(ch * 2), nn.ReLU(True)]
            ch *= 2
        self.head = nn.Sequential(*layers)
        self.blocks = nn.ModuleList(
            nn.Sequential(
                nn.ReflectionPad2d(1), nn.Conv2d(ch, ch, 3), IN(ch), nn.ReLU(True),
                nn.ReflectionPad2d(1), nn.Conv2d(ch, ch, 3), IN(ch))
            for _ in range(blocks))
        tail = []
        for _ in range(2):
            tail += [nn.ConvTranspose2d(ch, ch // 2, 3, 2, 1, output_padding=1), IN(ch // 2),
                     nn.ReLU(True)]
            ch //= 2
        tail += [nn.ReflectionPad2d(3), nn.Conv2d(ch, 3, 7), nn.Tanh()]
        self.tail = nn.Sequential(*tail)

    def forward(self, x):
        x = self.head(x)
        for b in self.blocks:
            x = x + b(x)
        return self.tail(x)


def patch_gan(ndf=16, n_layers=3):
    layers = [nn.Conv2d(3, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
    mult = 1
    for n in range(1, n_layers + 1):
        prev, mult = mult, min(2 ** n, 8)
        layers += [nn.Conv2d(ndf * prev, ndf * mult, 4, 2 if n < n_layers else 1, 1),
                   nn.InstanceNorm2d(ndf * mult), nn.LeakyReLU(0.2, True)]
    layers += [nn.Conv2d(ndf * mult, 1, 4, 1, 1)]
    return nn.Sequential(*layers)


def init(net):
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            nn.init.constant_(m.bias, 0.0)


def images(folder, load=64):
    files = sorted(glob.glob(os.path.join(folder, "*.png")))
    return [torch.from_numpy(np.asarray(Image.open(f).convert("RGB").resize((load, load), Image.BICUBIC),
                                        dtype=np.float32).transpose(2, 0, 1) / 127.5 - 1)
            for f in files]


def crop(x, size=64):
    """A random size x size crop, as the reference's resize_and_crop (none at load = crop size, so
    runs without --load-size draw the same random numbers as before)."""
    if x.shape[1] == size and x.shape[2] == size:
        return x
    y0, x0 = random.randrange(x.shape[1] - size + 1), random.randrange(x.shape[2] - size + 1)
    return x[:, y0:y0 + size, x0:x0 + size]


class Pool:
    def __init__(self, size=50):
        self.size, self.images = size, []

    def query(self, x):
        if len(self.images) < self.size:
            self.images.append(x.detach().clone())
            return x.detach()
        if random.random() > 0.5:
            i = random.randrange(self.size)
            old, self.images[i] = self.images[i], x.detach().clone()
            return old
        return x.detach()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--epochs-decay", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--load-size", type=int, default=64)
    a = ap.parse_args()
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    A = images(os.path.join(a.data, "trainA"), a.load_size)
    B = images(os.path.join(a.data, "trainB"), a.load_size)
    GA, GB, DA, DB = Resnet(), Resnet(), patch_gan(), patch_gan()
    for n in (GA, GB, DA, DB):
        init(n)
    opt_g = torch.optim.Adam(list(GA.parameters()) + list(GB.parameters()), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(DA.parameters()) + list(DB.parameters()), 2e-4, betas=(0.5, 0.999))
    rule = lambda e: 1.0 - max(0, e + 1 - a.epochs) / float(a.epochs_decay + 1)
    sched = [torch.optim.lr_scheduler.LambdaLR(o, rule) for o in (opt_g, opt_d)]
    mse, l1 = nn.MSELoss(), nn.L1Loss()
    pool_a, pool_b = Pool(), Pool()
    flip = lambda x: x.flip(2) if random.random() < 0.5 else x
    step = 0
    for epoch in range(a.epochs + a.epochs_decay):
        for i in random.sample(range(len(A)), len(A)):
            real_a = flip(crop(A[i])).unsqueeze(0)
            real_b = flip(crop(B[random.randrange(len(B))])).unsqueeze(0)
            fake_b, fake_a = GA(real_a), GB(real_b)
            rec_a, rec_b = GB(fake_b), GA(fake_a)
            for d in (DA, DB):
                d.requires_grad_(False)
            opt_g.zero_grad()
            pa, pb = DA(fake_b), DB(fake_a)
            loss_g = (mse(pa, torch.ones_like(pa)) + mse(pb, torch.ones_like(pb))
                      + l1(rec_a, real_a) * 10 + l1(rec_b, real_b) * 10
                      + l1(GA(real_b), real_b) * 5 + l1(GB(real_a), real_a) * 5)
            loss_g.backward()
            opt_g.step()
            for d in (DA, DB):
                d.requires_grad_(True)
            opt_d.zero_grad()
            def d_loss(d, real, fake):
                pr, pf = d(real), d(fake)
                return (mse(pr, torch.ones_like(pr)) + mse(pf, torch.zeros_like(pf))) * 0.5
            loss_d = d_loss(DA, real_b, pool_b.query(fake_b)) + d_loss(DB, real_a, pool_a.query(fake_a))
            loss_d.backward()
            opt_d.step()
            step += 1
            if step % 100 == 0:
                print("step %d epoch %d loss_G %.3f loss_D %.3f" % (step, epoch, loss_g.item(), loss_d.item()), flush=True)
        for s in sched:
            s.step()
    GA.eval()
    torch.onnx.export(GA, torch.zeros(1, 3, 64, 64), a.out, input_names=["image"],
                      output_names=["translated"], opset_version=13,
                      dynamic_axes={"image": {0: "n", 2: "h", 3: "w"}, "translated": {0: "n", 2: "h", 3: "w"}})
    print("exported", a.out)


if __name__ == "__main__":
    main()
