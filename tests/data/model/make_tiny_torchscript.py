#!/usr/bin/python3
"""Writes tiny_torchscript.pt: a TorchScript model with HybridGNet's output contract, for
InferenceSessionTest (python3-torch 1.13). forward(x [B,1,S,S]) returns
(landmarks [B,120,2] = node index / 1000 + mean(x), latent [B,3] = (mean, min, max))."""
import torch


class Tiny(torch.nn.Module):
    def forward(self, x: torch.Tensor):
        b = x.shape[0]
        mean = x.mean(dim=[1, 2, 3])
        nodes = torch.arange(240, dtype=torch.float32).view(1, 120, 2) / 1000.0
        landmarks = nodes + mean.view(b, 1, 1)
        latent = torch.stack([mean, x.amin(dim=[1, 2, 3]), x.amax(dim=[1, 2, 3])], dim=1)
        return landmarks, latent


torch.jit.script(Tiny()).save("tiny_torchscript.pt")
