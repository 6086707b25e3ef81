#!/usr/bin/python3
"""HybridGNet (2-IGSC) in PyTorch eager, for timing only (bench/model/ModelBench runs it).

The same architecture and parameter names as the public implementation, on the same
state_dict as the C++ benchmark: BatchNorm2d(track_running_stats=False), PyTorch
Geometric-style ChebConv (K=6) on the ring graphs, graph unpooling, and the roi_align
image-to-graph sampling (torchvision's when installed, else the same arithmetic in torch
ops). Needs Debian's python3-torch (see bench/model/README.md). Prints one JSON line.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

RINGS = (44, 50, 26)


def ring_edges(coarse):
    prev, nxt, first = [], [], 0
    for n in RINGS:
        size = (n + 1) // 2 if coarse else n
        for i in range(size):
            prev.append(first + (i - 1) % size)
            nxt.append(first + (i + 1) % size)
        first += size
    return torch.tensor(prev), torch.tensor(nxt)


def unpool_index():
    a, b, first = [], [], 0
    for n in RINGS:
        n2 = (n + 1) // 2
        for i in range(n):
            k = i // 2
            a.append(first + k)
            b.append(first + (k if i % 2 == 0 else (k + 1) % n2))
        first += n2
    return torch.tensor(a), torch.tensor(b)


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.block = nn.Sequential(
            nn.BatchNorm2d(cin, track_running_stats=False), nn.ReLU(),
            nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout, track_running_stats=False),
            nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1))
        self.skip = None
        if cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False),
                                      nn.BatchNorm2d(cout, track_running_stats=False))

    def forward(self, x):
        return F.relu(self.block(x) + (self.skip(x) if self.skip is not None else x))


class Encoder(nn.Module):
    def __init__(self, size, latents=64):
        super().__init__()
        ch = [1, 8, 16, 32, 64, 128, 128]
        for i in range(6):
            setattr(self, "dconv_down%d" % (i + 1), ResBlock(ch[i], ch[i + 1]))
        flat = 128 * (size // 32) ** 2
        self.fc_mu = nn.Linear(flat, latents)
        self.fc_logvar = nn.Linear(flat, latents)

    def forward(self, x):
        for i in range(6):
            if i:
                x = F.max_pool2d(x, 2)
            x = getattr(self, "dconv_down%d" % (i + 1))(x)
            if i == 4:
                conv5 = x
        return self.fc_mu(x.flatten(1)), conv5, x


class ChebConv(nn.Module):
    def __init__(self, cin, cout, k, bias=True):
        super().__init__()
        self.lins = nn.ModuleList([nn.Linear(cin, cout, bias=False) for _ in range(k)])
        self.bias = nn.Parameter(torch.zeros(cout)) if bias else None

    def forward(self, x, graph):
        prev, nxt = graph
        lap = lambda t: -0.5 * (t[:, prev] + t[:, nxt])
        t0, out = x, self.lins[0](x)
        if len(self.lins) > 1:
            t1 = lap(x)
            out = out + self.lins[1](t1)
            for lin in self.lins[2:]:
                t2 = 2.0 * lap(t1) - t0
                out = out + lin(t2)
                t0, t1 = t1, t2
        return out + self.bias if self.bias is not None else out


class SC(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.graphConv_pre = ChebConv(cin, 2, 1, bias=False)


def roi_sample(features, pos):
    """roi_align(box (q-1, q+2), 1x1, scale 1, sampling -1, aligned) per node."""
    try:
        from torchvision.ops import roi_align
        b, n, _ = pos.shape
        q = pos * features.shape[-1]
        boxes = torch.cat([q - 1, q + 2], dim=-1).reshape(b * n, 4)
        idx = torch.arange(b, dtype=pos.dtype).repeat_interleave(n).unsqueeze(1)
        out = roi_align(features, torch.cat([idx, boxes], 1), (1, 1), 1.0, -1, True)
        return out.reshape(b, n, -1)
    except ImportError:
        pass
    b, c, h, w = features.shape
    q = pos * h
    out = torch.zeros(b, pos.shape[1], c)
    for gy in (0, 1, 2):  # the common 3x3 grid: samples at q + {-1, 0, 1}
        for gx in (0, 1, 2):
            y = (q[..., 1] - 1.5 + gy + 0.5).clamp(0, h - 1)
            x = (q[..., 0] - 1.5 + gx + 0.5).clamp(0, w - 1)
            y0, x0 = y.floor().long().clamp(max=h - 2), x.floor().long().clamp(max=w - 2)
            ly, lx = (y - y0).unsqueeze(-1), (x - x0).unsqueeze(-1)
            flat = features.flatten(2).transpose(1, 2)
            g = lambda yy, xx: torch.gather(flat, 1, (yy * w + xx).unsqueeze(-1).expand(-1, -1, c))
            out += (1 - ly) * (1 - lx) * g(y0, x0) + (1 - ly) * lx * g(y0, x0 + 1) + \
                ly * (1 - lx) * g(y0 + 1, x0) + ly * lx * g(y0 + 1, x0 + 1)
    return out / 9


class HybridGNet(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.encoder = Encoder(size)
        self.dec_lin = nn.Linear(64, 960)
        self.graphConv_up6 = ChebConv(16, 16, 6)
        self.graphConv_up5 = ChebConv(16, 16, 6)
        self.SC_1 = SC(16)
        self.graphConv_up4 = ChebConv(146, 32, 6)
        self.graphConv_up3 = ChebConv(32, 32, 6)
        self.SC_2 = SC(32)
        self.graphConv_up2 = ChebConv(162, 32, 6)
        self.graphConv_up1 = ChebConv(32, 2, 1, bias=False)
        self.fine, self.coarse, self.unpool = ring_edges(False), ring_edges(True), unpool_index()

    def block(self, conv, x, graph):
        return F.relu(F.instance_norm(conv(x, graph)))

    def skip(self, sc, x, feats, graph):
        pos = sc.graphConv_pre(x, graph)
        return torch.cat([x, roi_sample(feats, pos), pos], dim=2)

    def forward(self, x):
        mu, conv5, conv6 = self.encoder(x)
        x = F.relu(self.dec_lin(mu)).reshape(-1, 60, 16)
        x = self.block(self.graphConv_up6, x, self.coarse)
        x = self.block(self.graphConv_up5, x, self.coarse)
        x = self.block(self.graphConv_up4, self.skip(self.SC_1, x, conv6, self.coarse), self.coarse)
        a, b = self.unpool
        x = 0.5 * (x[:, a] + x[:, b])
        x = self.block(self.graphConv_up3, x, self.fine)
        x = self.block(self.graphConv_up2, self.skip(self.SC_2, x, conv5, self.fine), self.fine)
        return self.graphConv_up1(x, self.fine), mu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--weights", required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--images", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    net = HybridGNet(a.size)
    net.load_state_dict(torch.load(a.weights), strict=True)
    net.eval()
    x = torch.rand(a.batch, 1, a.size, a.size)
    with torch.inference_mode():
        net(x)  # warm-up
        runs = max(1, math.ceil(a.images / a.batch))
        start = time.perf_counter()
        cpu0 = time.process_time()
        for _ in range(runs):
            net(x)
        secs = time.perf_counter() - start
        cpu = time.process_time() - cpu0
    print(json.dumps({"size": a.size, "batch": a.batch, "images": runs * a.batch, "seconds": secs,
                      "cpu_ms_per_image": cpu * 1000.0 / (runs * a.batch),
                      "images_per_s": runs * a.batch / secs, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
