#!/usr/bin/env bash
# Side-by-side throughput of every available cgan backend and real PyTorch on the same machine, in one run.
#
#   cgan-bench/compare.sh [--rounds N] [--models dcgan64,dcgan32] [--threads N] [--quick] [--out DIR]
#
# Each round runs, one after another: the float32 sgemm ceiling (4096² matMul in libtorch 2.7.1 through DJL), then
# per model the JMH
# train step on every available backend (each in its own JVM) and the same iteration in PyTorch
# (cgan-bench/pytorch/train_step.py). Rounds interleave so that a change in the machine's load hits both sides.
# The table reports medians over rounds; GFLOP/s counts the convolution MACs of one iteration (forward + 2× backward,
# from the model spec: dev.cgan.bench.IterationWork). Both sides run with the same thread count and
# OMP_WAIT_POLICY (PASSIVE unless set). Needs JDK 17+, Maven (first build) and Debian's python3-torch. Debian's torch
# takes its BLAS from the system's libblas.so.3: with only the reference BLAS installed PyTorch is several times
# slower than it should be, so install libopenblas0-pthread first (the script says which BLAS PyTorch loaded).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$root/cgan-bench/target/cgan-bench.jar"
python="${PYTHON:-/usr/bin/python3}"
rounds=2
models="dcgan64,dcgan32"
threads="$(nproc)"
quick=0
out=""

die() { echo "compare: error: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --models) models="${2:?--models needs dcgan64,dcgan32 or one of them}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
    --quick) quick=1; shift ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number, got '$rounds'"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "--threads must be a positive number, got '$threads'"
for m in ${models//,/ }; do
  case "$m" in dcgan64|dcgan32) ;; *) die "unknown model '$m': use dcgan64 and/or dcgan32" ;; esac
done
command -v java >/dev/null 2>&1 || die "java not found: install JDK 17 or newer"
[ -x "$python" ] || die "$python not found: install Debian's python3-torch (or set PYTHON)"
"$python" -c 'import torch' 2>/dev/null || die "$python cannot import torch: apt-get install python3-torch"
torch_blas="$("$python" -c '
import torch
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l})
print(" ".join(libs) or "unknown")' 2>/dev/null || echo unknown)"
echo "compare: PyTorch's BLAS: $torch_blas" >&2
case "$torch_blas" in
  */blas/libblas.so*)
    echo "compare: warning: PyTorch runs on the reference BLAS, which makes it several times slower than usual;" \
         "install libopenblas0-pthread (apt-get) for a fair comparison" >&2 ;;
esac

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

if [ "$quick" = 1 ]; then
  jmh_time=(-f 1 -wi 1 -w 5 -i 2 -r 5); py_warmup=1; py_iterations=3; sgemm_size=2048
else
  jmh_time=(-f 1 -wi 2 -w 10 -i 3 -r 10); py_warmup=2; py_iterations=5; sgemm_size=4096
fi

for m in ${models//,/ }; do
  java -cp "$jar" dev.cgan.bench.IterationWork "$m" 64 > "$out/work-$m.json"
done

echo "compare: $rounds round(s), models $models, $threads threads, OMP_WAIT_POLICY=$OMP_WAIT_POLICY; results in $out" >&2
for r in $(seq 1 "$rounds"); do
  echo "compare: round $r: sgemm" >&2
  java -cp "$jar" dev.cgan.bench.SgemmCeiling "$sgemm_size" 3 > "$out/sgemm-$r.json"
  for m in ${models//,/ }; do
    echo "compare: round $r: $m on every available cgan backend (JMH)" >&2
    java -jar "$jar" TrainStepBenchmark -p model="$m" "${jmh_time[@]}" -rf json -rff "$out/jmh-$m-$r.json" \
      > "$out/jmh-$m-$r.log" 2>&1 || { tail -30 "$out/jmh-$m-$r.log" >&2; die "the JMH run failed (log: $out/jmh-$m-$r.log)"; }
    grep -h "refusing to time" "$out/jmh-$m-$r.log" >&2 || true
    echo "compare: round $r: $m in PyTorch" >&2
    "$python" "$root/cgan-bench/pytorch/train_step.py" --model "$m" --batch-size 64 --device cpu \
      --warmup "$py_warmup" --iterations "$py_iterations" --threads "$threads" > "$out/pytorch-$m-$r.json"
  done
done

"$python" "$root/cgan-bench/compare_table.py" "$out" | tee "$out/table.md"
