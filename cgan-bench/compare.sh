#!/usr/bin/env bash
# Side-by-side throughput of every available cgan backend and real PyTorch on the same machine, in one run.
#
#   cgan-bench/compare.sh [--rounds N] [--models dcgan64,dcgan32] [--threads N] [--quick] [--out DIR]
#                         [--record FILE --label LABEL]
#
# Each round runs, one after another: the float32 sgemm ceiling (4096² matMul in libtorch 2.7.1 through DJL), the
# machine's float32 peak as oneDNN reaches it (dev.cgan.bench.OnednnCeiling: the faster of a 4096² matmul and a large
# 3×3 convolution through the onednn engine's bindings), then per model the JMH train step on every available backend
# (each in its own JVM) and the same iteration in each PyTorch anchor (cgan-bench/pytorch/train_step.py), with JMH's
# warm-up and measurement time (2 x 10 s, 3 x 10 s; --quick 1 x 5 s, 2 x 5 s). Odd rounds run cgan first, even rounds
# PyTorch first, so that neither side always inherits the other's heat; rounds interleave so that a change in the
# machine's load hits both sides.
# PyTorch anchors: Debian's python3-torch (/usr/bin/python3) when it imports torch, and PYTHON=... when set to another
# interpreter (e.g. the newest PyTorch: PYTHON="$(../shared/tools/newest-torch DIR)"); the table has a ratio column
# for each. The table reports medians over rounds; GFLOP/s counts the convolution MACs of one iteration (forward + 2×
# backward, from the model spec: dev.cgan.bench.IterationWork); "% of peak" is that over the oneDNN peak. Both sides
# run with the same thread count and OMP_WAIT_POLICY (PASSIVE unless set). Needs JDK 17+, Maven (first build) and a
# PyTorch. Debian's torch takes its BLAS from the system's libblas.so.3: with only the reference BLAS installed PyTorch
# is several times slower than it should be, so install libopenblas0-pthread first (the script says which BLAS PyTorch
# loaded).
# --record appends the run as one JSON line (date, machine, command, commit and every round's figure) to FILE, e.g.
# docs/results/benchmarks.jsonl, from which scripts/figures prints the table in the docs ("compare LABEL").
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$root/cgan-bench/target/cgan-bench.jar"
debian_python=/usr/bin/python3
rounds=2
models="dcgan64,dcgan32"
threads="$(nproc)"
quick=0
out=""
record=""
label=""
# The command as recorded: where results go (--out, --record, --label) is bookkeeping, and PYTHON's path is this
# machine's own (the anchors' versions are in the results).
command_line="${PYTHON:+PYTHON=... }cgan-bench/compare.sh"
skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$a" in --out|--record|--label) skip=1 ;; *) command_line="$command_line $a" ;; esac
done

die() { echo "compare: error: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --models) models="${2:?--models needs dcgan64,dcgan32 or one of them}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
    --quick) quick=1; shift ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --record) record="${2:?--record needs a file}"; shift 2 ;;
    --label) label="${2:?--label needs a name}"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[ -z "$record" ] || [[ "$label" =~ ^[A-Za-z0-9._-]+$ ]] || die "--record needs --label NAME (letters, digits, . _ -)"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number, got '$rounds'"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "--threads must be a positive number, got '$threads'"
for m in ${models//,/ }; do
  case "$m" in dcgan64|dcgan32) ;; *) die "unknown model '$m': use dcgan64 and/or dcgan32" ;; esac
done
command -v java >/dev/null 2>&1 || die "java not found: install JDK 17 or newer"
# The PyTorch anchors: Debian's when it imports torch, then PYTHON when it names another interpreter.
anchors=()
if [ -x "$debian_python" ] && "$debian_python" -c 'import torch' 2>/dev/null; then
  anchors+=("$debian_python")
else
  echo "compare: warning: $debian_python cannot import torch (apt-get install python3-torch): no Debian PyTorch anchor" >&2
fi
if [ -n "${PYTHON:-}" ] && [ "$(readlink -f "$PYTHON")" != "$(readlink -f "$debian_python")" ]; then
  [ -x "$PYTHON" ] || die "PYTHON=$PYTHON is not an executable"
  "$PYTHON" -c 'import torch' 2>/dev/null || die "PYTHON=$PYTHON cannot import torch"
  anchors+=("$PYTHON")
fi
[ ${#anchors[@]} -gt 0 ] || die "no PyTorch to compare with: apt-get install python3-torch, or set PYTHON"
for py in "${anchors[@]}"; do
  torch_blas="$("$py" -c '
import torch
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})
print(torch.__version__, " ".join(libs) or "(BLAS linked in)")' 2>/dev/null || echo unknown)"
  echo "compare: PyTorch anchor $py: torch $torch_blas" >&2
  case "$torch_blas" in
    */blas/libblas.so*)
      echo "compare: warning: this PyTorch runs on the reference BLAS, which makes it several times slower than" \
           "usual; install libopenblas0-pthread (apt-get) for a fair comparison" >&2 ;;
  esac
done

if [ ! -f "$jar" ] || [ -n "$(find "$root"/cgan-* \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ to build the bench jar"
  echo "compare: building the bench jar..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl cgan-bench -am package) >&2 || die "the build failed (see above)"
fi

out="${out:-$(mktemp -d -t cgan-compare.XXXXXX)}"
mkdir -p "$out"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export CGAN_BENCH_THREADS="$threads"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Both sides keep freed tensor memory in the heap instead of mapping fresh pages per tensor (BENCHMARKS.md, 5).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"

# Warm-up windows x seconds, measurement windows x seconds: JMH's -wi/-w/-i/-r, and the same for PyTorch.
if [ "$quick" = 1 ]; then
  wi=1; w=5; mi=2; mt=5; sgemm_size=2048
else
  wi=2; w=10; mi=3; mt=10; sgemm_size=4096
fi
jmh_time=(-f 1 -wi "$wi" -w "$w" -i "$mi" -r "$mt")
py_time=(--warmup-iterations "$wi" --warmup-time "$w" --measurement-iterations "$mi" --measurement-time "$mt")

for m in ${models//,/ }; do
  java -cp "$jar" dev.cgan.bench.IterationWork "$m" 64 > "$out/work-$m.json"
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit (modified)"; fi

run_cgan() {  # round model
  echo "compare: round $1: $2 on every available cgan backend (JMH)" >&2
  java -jar "$jar" TrainStepBenchmark -p model="$2" "${jmh_time[@]}" -rf json -rff "$out/jmh-$2-$1.json" \
    > "$out/jmh-$2-$1.log" 2>&1 || { tail -30 "$out/jmh-$2-$1.log" >&2; die "the JMH run failed (log: $out/jmh-$2-$1.log)"; }
  grep -h "refusing to time" "$out/jmh-$2-$1.log" >&2 || true
}
run_pytorch() {  # round model anchor-index
  local py="${anchors[$3]}"
  echo "compare: round $1: $2 in PyTorch ($py)" >&2
  "$py" "$root/cgan-bench/pytorch/train_step.py" --model "$2" --batch-size 64 --device cpu "${py_time[@]}" \
    --threads "$threads" > "$out/pytorch-$2-$1-$3.json" || die "PyTorch ($py) failed on $2"
}

echo "compare: $rounds round(s), models $models, $threads threads, OMP_WAIT_POLICY=$OMP_WAIT_POLICY;" \
     "warm-up $wi x $w s, measurement $mi x $mt s on both sides; results in $out" >&2
for r in $(seq 1 "$rounds"); do
  echo "compare: round $r: sgemm" >&2
  java -cp "$jar" dev.cgan.bench.SgemmCeiling "$sgemm_size" 3 > "$out/sgemm-$r.json"
  echo "compare: round $r: f32 peak (oneDNN)" >&2
  OMP_NUM_THREADS="$threads" java -cp "$jar" dev.cgan.bench.OnednnCeiling "$sgemm_size" 3 > "$out/peak-$r.json" \
    || die "the oneDNN peak measurement failed"
  for m in ${models//,/ }; do
    if [ $((r % 2)) = 1 ]; then
      run_cgan "$r" "$m"
      for k in "${!anchors[@]}"; do run_pytorch "$r" "$m" "$k"; done
    else
      for ((k = ${#anchors[@]} - 1; k >= 0; k--)); do run_pytorch "$r" "$m" "$k"; done
      run_cgan "$r" "$m"
    fi
  done
done

"${anchors[0]}" "$root/cgan-bench/compare_table.py" "$out" | tee "$out/table.md"

# Where the figures come from, for the record.
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average"
machine="$machine $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
DATE="$(date -u +%Y-%m-%dT%H:%MZ)" MACHINE="$machine" COMMAND="$command_line" COMMIT="$commit" "${anchors[0]}" -c '
import json, os, sys
json.dump({k.lower(): os.environ[k] for k in ("DATE", "MACHINE", "COMMAND", "COMMIT")}, open(sys.argv[1], "w"))
' "$out/meta.json"
if [ -n "$record" ]; then
  "${anchors[0]}" "$root/cgan-bench/compare_table.py" "$out" --record "$label" >> "$record"
  echo "compare: recorded as '$label' in $record (scripts/figures puts it into the docs)" >&2
fi
