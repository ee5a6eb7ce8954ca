#!/usr/bin/env bash
# divbench's second-order passes against PyTorch's autograd on identical weights, buffers and
# inputs (issue #19): for each network below, bench/second_order_export.cpp writes the network and
# divbench's gradient-penalty gradients and Hessian-vector product; bench/torch_networks.py
# --check recomputes them in float64 with autograd and prints the largest relative errors. Exits 1
# when one exceeds 1e-3.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target divbench_bench_second_order
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
export_network() {  # SPEC IN OUT BATCH PHASE
  n=$((n + 1))
  build/release/bench/divbench_bench_second_order "$1" "$2" "$3" "$4" "$n" "$5" "$dir/$n.json"
}
export_network "mlp:widths=256-256" 2 1 64 train
export_network "mlp:widths=16-16,activation=tanh,norm=batch" 3 1 32 train
export_network "mlp:widths=16-16,activation=tanh,norm=batch,momentum=0.3" 3 1 32 eval
export_network "mlp:widths=16-16,activation=leaky-relu,slope=0.1,norm=layer,output=sigmoid" 4 2 16 train
export_network "mlp:widths=16,activation=elu,alpha=0.5,spectral=true,iterations=2,bias=false" 3 1 16 train
export_network "mlp:widths=32-32,activation=sigmoid,init=orthogonal:gain=1.5" 2 3 16 train
export_network "maxout:widths=8-8,pieces=3,norm=layer" 3 1 16 train
export_network "maxout:widths=200-200-200,pieces=5,init=normal:std=0.02" 2 1 100 train
export_network "mlp:widths=400-400-400-400,norm=batch,momentum=0.05,bias=false,init=normal:std=0.02" 2 2 100 train
# Debian's interpreter: it sees python3-torch (a python3 earlier on PATH may not).
/usr/bin/python3 bench/torch_networks.py --check "$dir"/*.json
