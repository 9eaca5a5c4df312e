#!/usr/bin/env bash
# The GPU-marked tests, then the rest of the suite, on a machine with a CUDA GPU.
#
# Runs against whatever torch and jax that machine has (unigrad from this checkout via PYTHONPATH, no
# install), so it also works where nothing can be downloaded. Logs and JUnit reports go to $OUT (or
# /tmp/gpu-check). Usage from the repository root: bash tools/gpu_check.sh [seconds for the GPU tests]
set -uo pipefail
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
export XLA_PYTHON_CLIENT_PREALLOCATE=false  # several test workers share one GPU
gpu_seconds=${1:-240}

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 - <<'EOF'
import jax, numpy, torch
print(f"torch {torch.__version__} cuda={torch.cuda.is_available()}; jax {jax.__version__} {jax.devices()}; "
      f"numpy {numpy.__version__}")
EOF

parallel=()
if python3 -c "import xdist" 2>/dev/null; then
  parallel=(-n "$(( $(nproc) > 8 ? 8 : $(nproc) ))")
fi
common=(-q -p no:randomly -p no:cacheprovider "${parallel[@]}")

echo "== GPU-marked tests"
timeout "$gpu_seconds" python3 -m pytest "${common[@]}" -m gpu -rs --junitxml "$out/gpu.xml" tests \
  >"$out/gpu.log" 2>&1
gpu_status=$?
grep -E "^(FAILED|ERROR)| in [0-9.]+s" "$out/gpu.log" | tail -40
grep -E "^SKIPPED" "$out/gpu.log" | sort | uniq -c | sort -rn | head -10

echo "== the rest of the suite, with the GPU present"
timeout 180 python3 -m pytest "${common[@]}" -m "not gpu" --junitxml "$out/rest.xml" tests >"$out/rest.log" 2>&1
rest_status=$?
grep -E "^(FAILED|ERROR)| in [0-9.]+s" "$out/rest.log" | tail -40

echo "exit codes: gpu=$gpu_status rest=$rest_status"
exit $(( gpu_status || rest_status ))
