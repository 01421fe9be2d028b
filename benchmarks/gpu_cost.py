"""GPU cost of PyTorch activations against a plain copy (optional; needs a CUDA GPU).

Forward and forward+backward time of each `torch.nn.functional` activation on one
tensor of 2^28 elements, float32 and bfloat16, mean of 20 timed calls after 3 warm-ups
(CUDA events), divided by the time of a device-to-device copy of the same tensor: the
memory-bandwidth limit for an element-wise operation. This is how
`../shared/data/gpu-activation-cost-h100.csv` was measured. Nothing else depends on it.

    python benchmarks/gpu_cost.py [--elements N] [-o out.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys

FUNCTIONS = ("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "silu", "mish", "softplus",
             "elu", "selu", "celu", "hardswish", "hardsigmoid", "softsign")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elements", type=int, default=2**28)
    parser.add_argument("-o", "--output", default="gpu-activation-cost.csv")
    args = parser.parse_args(argv)
    import torch

    if not torch.cuda.is_available():
        print("gpu_cost: no CUDA device; nothing measured")
        return 0
    device = torch.device("cuda")

    def mean_ms(fn, repeats: int = 20) -> float:
        for _ in range(3):
            fn()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(repeats):
            fn()
        end.record()
        torch.cuda.synchronize()
        return start.elapsed_time(end) / repeats / 1e3

    rows = []
    for dtype in (torch.float32, torch.bfloat16):
        x = torch.randn(args.elements, device=device, dtype=dtype)
        out = torch.empty_like(x)
        copy = mean_ms(lambda: out.copy_(x))
        bytes_rw = 2 * x.numel() * x.element_size()
        rows.append(["identity(copy)", str(dtype), "fwd", copy, bytes_rw / copy / 1e9, 1.0])
        for name in FUNCTIONS:
            fn = getattr(torch.nn.functional, name)
            fwd = mean_ms(lambda: fn(x))
            xg = x.detach().requires_grad_(True)
            grad = torch.ones_like(x)
            both = mean_ms(lambda: fn(xg).backward(grad))
            rows.append([name, str(dtype), "fwd", fwd, bytes_rw / fwd / 1e9, fwd / copy])
            rate = 2.5 * bytes_rw / both / 1e9  # the backward pass moves about 2.5x the bytes
            rows.append([name, str(dtype), "fwd+bwd", both, rate, both / copy])
    with open(args.output, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["function", "dtype", "pass", "seconds", "GBps_rw", "ratio_to_copy"])
        writer.writerows(rows)
    print(f"gpu_cost: wrote {args.output} ({torch.cuda.get_device_name()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
