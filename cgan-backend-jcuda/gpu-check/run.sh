#!/usr/bin/env bash
# The CUDA backend's GPU check, in one call: machine and library versions, the PyTorch conformance suite on the jcuda
# backend, a 30-iteration dcgan64 training benchmark at batch 64 on jcuda, the same model in this machine's own PyTorch
# (when python3 has torch), data-parallel training through NCCL at world size 1 against one process, and a short table
# last. Needs only an NVIDIA driver and CUDA 13 / cuDNN 9 libraries (found by the dynamic linker, or in the directories
# listed below), and NCCL 2 (libnccl.so.2) for the NCCL section; no Maven, no network.
# Usage: run.sh [--nccl-only] [RESULTS_DIR]    (default: results/ beside this script; --nccl-only skips the
#        conformance suite and the benchmarks)
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
only=""
if [ "${1:-}" = "--nccl-only" ]; then
  only=nccl
  shift
fi
results="${1:-$here/results}"
mkdir -p "$results"
java="$here/runtime/bin/java"
steps=30
warmup=5
batch=64

# CUDA 13 / cuDNN 9 libraries outside the linker's cache (toolkit installs, pip wheels) join LD_LIBRARY_PATH, and
# JavaCPP is told to look there first (it searches java.library.path for versioned names only with pathsFirst).
extra=()
candidates=(/usr/local/cuda-13*/lib64 /usr/local/cuda-13*/targets/x86_64-linux/lib /usr/local/cuda/lib64
            /usr/lib/x86_64-linux-gnu)
if command -v python3 >/dev/null 2>&1; then
  for site in $(python3 -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null); do
    candidates+=("$site"/nvidia/*/lib "$site"/nvidia/cu13/lib)
  done
fi
has_cuda_library() {
  local f
  for f in "$1"/libcudart.so.13* "$1"/libcublas.so.13* "$1"/libcudnn_ops.so.9* "$1"/libnvrtc.so.13* \
           "$1"/libnccl.so.2*; do
    [ -e "$f" ] && return 0
  done
  return 1
}
seen=" "
for d in "${candidates[@]}"; do
  if [ -d "$d" ] && has_cuda_library "$d"; then
    real="$(readlink -f "$d")"
    case "$seen" in *" $real "*) continue ;; esac  # the same directory through another name (a symbolic link)
    seen="$seen$real "
    extra+=("$d")
  fi
done
if [ ${#extra[@]} -gt 0 ]; then
  LD_LIBRARY_PATH="$(IFS=:; echo "${extra[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
fi

cli=("$java" -Xms512m -Xmx4g -Djava.awt.headless=true -Dorg.bytedeco.javacpp.pathsFirst=true
     -Dorg.bytedeco.javacpp.cachedir="$here/.javacpp-cache"
     --module-path "$here/lib" --add-modules ALL-MODULE-PATH -m dev.cgan.cli/dev.cgan.cli.Main)

echo "== cgan GPU check, commit $(cat "$here/COMMIT" 2>/dev/null || echo unknown)"
echo "== machine"
gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
echo "GPU: ${gpu:-none found by nvidia-smi}"
echo "library directories added: ${extra[*]:-none, the dynamic linker searches its own}"
echo "== backends"
timeout 120 "${cli[@]}" backends 2>&1 | tee "$results/backends.txt"
if ! grep -qE '^jcuda +[0-9]+ +yes' "$results/backends.txt"; then
  reason="$(grep -E '^jcuda ' "$results/backends.txt" | sed -E 's/.*\(GPU only\) +//')"
  echo
  echo "== summary"
  printf '%-28s %s\n' "check" "result"
  printf '%-28s %s\n' "GPU" "${gpu:-none}"
  printf '%-28s %s\n' "jcuda backend" "unavailable: ${reason:-see backends above}"
  printf '%-28s %s\n' "conformance, benchmark" "not run (no usable GPU)"
  exit 3
fi

conformance_rc=0
train_rc=0
conformance="skipped (--nccl-only)"
jcuda_ips="-"
jcuda_ms="-"
torch_ips="-"
torch_ms="-"
torch_note="skipped (--nccl-only)"
ratio="-"
if [ "$only" != nccl ]; then
  echo "== conformance (jcuda on gpu:0)"
  timeout 600 "${cli[@]}" --backend jcuda --device gpu conformance 2>&1 | tee "$results/conformance.txt"
  conformance_rc=${PIPESTATUS[0]}
  conformance="$(grep -E '^jcuda on gpu' "$results/conformance.txt" | tail -1)"

  echo "== benchmark: dcgan64, batch $batch, $steps iterations on jcuda"
  rm -rf "$results/train-jcuda"
  timeout 600 "${cli[@]}" --backend jcuda --device gpu train --model dcgan64 --batch-size "$batch" --steps "$steps" \
    --sample-every "$steps" --checkpoint-every "$steps" --out "$results/train-jcuda" 2>&1 | tail -5
  train_rc=${PIPESTATUS[0]}
  metrics="$results/train-jcuda/metrics.jsonl"
  jcuda_ips="-"
  jcuda_ms="-"
  if [ -f "$metrics" ]; then
    read -r jcuda_ips jcuda_ms < <(grep -o '"seconds":[0-9.eE+-]*' "$metrics" | cut -d: -f2 | tail -n +$((warmup + 1)) \
      | awk -v b="$batch" '{s += $1; n++} END {if (n > 0 && s > 0) printf "%.1f %.2f\n", n * b / s, 1000 * s / n;
                                                else print "- -"}')
  fi

  torch_ips="-"
  torch_ms="-"
  torch_note=""
  if [ ! -f "$here/bench/train_step.py" ]; then
    torch_note="skipped: bench/train_step.py was not packed"
  elif ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import torch' >/dev/null 2>&1; then
    torch_note="skipped: python3 with torch not found"
  else
    echo "== benchmark: dcgan64, batch $batch in PyTorch $(python3 -c 'import torch; print(torch.__version__)')"
    line="$(timeout 600 python3 "$here/bench/train_step.py" --model dcgan64 --batch-size "$batch" --device cuda \
      --warmup 3 --iterations 10 2>"$results/pytorch.err" | tail -1)"
    echo "$line" | tee "$results/pytorch.json"
    torch_ips="$(echo "$line" | grep -o '"images_per_second": *[0-9.eE+-]*' | sed 's/.*: *//')"
    torch_ms="$(echo "$line" | grep -o '"ms_per_iteration": *[0-9.eE+-]*' | sed 's/.*: *//')"
    [ -n "$torch_ips" ] || { torch_ips="-"; torch_note="failed: see $results/pytorch.err"; }
  fi
  ratio="-"
  if [ "$jcuda_ips" != "-" ] && [ "$torch_ips" != "-" ]; then
    ratio="$(awk -v a="$jcuda_ips" -v b="$torch_ips" 'BEGIN {printf "%.2f", a / b}')"
  fi

fi

# ---- data-parallel training through NCCL (docs/DISTRIBUTED.md, "NCCL on jcuda") ------------------------------------
# World size 1 through NCCL (a launched rank: WORLD_SIZE=1, so the gradients, losses and initial weights pass through
# ncclAllReduce/ncclBroadcast) must leave the same losses and the same checkpoint, byte for byte, as one process
# without NCCL: both runs write to the same --out in turn, so even the checkpoint's metadata is the same. Then --nproc 2
# on a machine with one GPU must be refused in one line (exit 2).
nccl_steps=20
nccl_out="$results/nccl-run"
nccl_result="not run"
nccl_ok=no
echo "== data-parallel: NCCL at world size 1 against one process (dcgan32, batch 64, $nccl_steps iterations)"
nccl_train() {
  rm -rf "$nccl_out"
  timeout 600 "$@" --backend jcuda --device gpu train --model dcgan32 --batch-size 64 --steps "$nccl_steps" \
    --sample-every 0 --checkpoint-every "$nccl_steps" --seed 7 --out "$nccl_out" 2>&1 | tail -3
  return "${PIPESTATUS[0]}"
}
nccl_train "${cli[@]}"
single_rc=$?
rm -rf "$results/nccl-single"
[ -d "$nccl_out" ] && mv "$nccl_out" "$results/nccl-single"
nccl_train env MASTER_ADDR=127.0.0.1 MASTER_PORT=$((29500 + RANDOM % 2000)) WORLD_SIZE=1 RANK=0 LOCAL_RANK=0 \
  "${cli[@]}"
rank_rc=$?
if [ "$single_rc" -ne 0 ] || [ "$rank_rc" -ne 0 ]; then
  nccl_result="failed: one process exit $single_rc, NCCL rank exit $rank_rc (see above)"
else
  losses() { sed -E 's/,"seconds".*//' "$1/metrics.jsonl"; }
  same_losses=no
  same_weights=no
  if [ "$(losses "$results/nccl-single" | wc -l)" -eq "$nccl_steps" ] && \
     diff <(losses "$results/nccl-single") <(losses "$nccl_out") >"$results/nccl-losses.diff"; then
    same_losses=yes
  fi
  a="$(ls "$results"/nccl-single/checkpoint/*.safetensors 2>/dev/null | tail -1)"
  b="$(ls "$nccl_out"/checkpoint/*.safetensors 2>/dev/null | tail -1)"
  if [ -n "$a" ] && [ -n "$b" ] && [ "$(basename "$a")" = "$(basename "$b")" ] && cmp -s "$a" "$b"; then
    same_weights=yes
  fi
  if [ "$same_losses" = yes ] && [ "$same_weights" = yes ]; then
    nccl_ok=yes
    nccl_result="identical to one process: losses of $nccl_steps iterations, checkpoint $(basename "$b") byte for byte"
  else
    nccl_result="DIFFERENT: losses same=$same_losses, checkpoint same=$same_weights (see $results/nccl-losses.diff)"
  fi
fi
echo "$nccl_result"
echo "== data-parallel: --nproc 2 with one GPU is refused"
gpus="$(nvidia-smi -L 2>/dev/null | wc -l)"
refusal="-"
if [ "$gpus" -eq 1 ]; then
  timeout 120 "${cli[@]}" --backend jcuda train --nproc 2 --steps 1 --out "$results/nccl-refused" \
    >"$results/nccl-refusal.out" 2>"$results/nccl-refusal.err"
  refusal_rc=$?
  cat "$results/nccl-refusal.err"
  if [ "$refusal_rc" -eq 2 ] && [ "$(wc -l <"$results/nccl-refusal.err")" -eq 1 ] && \
     [ ! -e "$results/nccl-refused" ]; then
    refusal="refused in one line (exit 2)"
  else
    refusal="NOT refused as expected: exit $refusal_rc, $(wc -l <"$results/nccl-refusal.err") stderr lines"
    nccl_ok=no
  fi
else
  refusal="skipped: $gpus GPUs here (the check needs exactly one)"
fi
echo
echo "== summary"
printf '%-28s %s\n' "check" "result"
printf '%-28s %s\n' "GPU" "${gpu:-unknown}"
printf '%-28s %s\n' "jcuda conformance" "${conformance:-no summary} (exit $conformance_rc)"
printf '%-28s %s\n' "jcuda dcgan64 b$batch" \
  "$jcuda_ips images/s, $jcuda_ms ms/iteration (iterations $((warmup + 1))-$steps, exit $train_rc)"
printf '%-28s %s\n' "PyTorch dcgan64 b$batch" "$torch_ips images/s, $torch_ms ms/iteration ${torch_note}"
printf '%-28s %s\n' "jcuda / PyTorch" "$ratio"
printf '%-28s %s\n' "NCCL world 1 vs 1 process" "$nccl_result"
printf '%-28s %s\n' "NCCL --nproc 2, one GPU" "$refusal"
[ "$conformance_rc" -eq 0 ] && [ "$train_rc" -eq 0 ] && [ "$nccl_ok" = yes ]
