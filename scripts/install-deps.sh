#!/usr/bin/env bash
# Installs the Debian packages divbench needs, skipping those already present.
#   scripts/install-deps.sh           what building and the experiments need (unit tests and
#                                     benchmarks included; Fashion-MNIST for the real-data datasets)
#   scripts/install-deps.sh --test    also what the whole test suite needs: a single-node Slurm
#                                     (slurmctld, slurmd, slurm-client, munge), pytest, and
#                                     clang with libFuzzer for the parsers' fuzz test, and
#                                     pdflatex with booktabs to compile the LaTeX tables
#   scripts/install-deps.sh --bench   also PyTorch (CPU) with OpenBLAS, for the benchmarks
set -euo pipefail

packages=(
  cmake g++ make git
  libeigen3-dev libboost-program-options-dev libboost-math-dev libhdf5-dev libfmt-dev
  libbenchmark-dev catch2 zlib1g-dev libnanoflann-dev
  python3-h5py python3-matplotlib
  pybind11-dev python3-dev python3-numpy python3-pandas  # the Python module (python/)
  dataset-fashion-mnist
  libopenblas0-pthread  # the networks' matrix products (models/gemm.hpp; Eigen without it)
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(slurmctld slurmd slurm-client munge python3-pytest clang libclang-rt-14-dev
    texlive-latex-base texlive-latex-recommended)
fi
if [[ "${1:-}" == "--bench" ]]; then
  # Without libopenblas0-pthread (in the base list), Debian's torch calls the reference BLAS and
  # is ~15x slower.
  packages+=(python3-torch python3-numpy python3-scipy)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
