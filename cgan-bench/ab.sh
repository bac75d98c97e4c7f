#!/usr/bin/env bash
# Two or more builds or settings ("arms") of one cgan backend side by side, in one run: the JMH train step of each
# arm in its own JVM, arms alternated within every round (odd rounds in the order given, even rounds reversed) so
# that a change in the machine's load hits all of them; reports each arm's throughput relative to the first arm,
# per round and as the median over rounds.
#
#   cgan-bench/ab.sh --backend NAME --arm 'LABEL JAR [VAR=VALUE ...]' --arm 'LABEL JAR [VAR=VALUE ...]' ...
#                    [--rounds N] [--models dcgan64,dcgan32] [--threads N] [--quick] [--out DIR]
#                    [--record FILE --label LABEL]
#
# An arm is a bench jar (e.g. cgan-bench.jar built with -Dnd4j.native.classifier=...) and environment settings for
# its JVM (e.g. ONEDNN_MAX_CPU_ISA=AVX2). Timing as compare.sh's: 2 x 10 s warm-up, 3 x 10 s measurement (--quick
# 1 x 5 s, 2 x 5 s), batch 64, OMP_WAIT_POLICY=PASSIVE unless set, compare.sh's malloc settings. Every arm runs the
# benchmark's own check of the timed shape against PyTorch first (a wrong arm is refused, not timed).
# --record appends one `table` record (date, machine, command, commit, the ratios, every round's images/s) to FILE,
# e.g. docs/results/tables.jsonl, which scripts/figures prints where a document has <!-- figure table LABEL -->.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
die() { echo "ab: error: $*" >&2; exit 2; }

backend=""
arms=()
rounds=3
models="dcgan64,dcgan32"
threads="$(nproc)"
quick=0
out=""
record=""
label=""
command_line="cgan-bench/ab.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend="${2:?--backend needs a name}"; command_line="$command_line --backend $2"; shift 2 ;;
    --arm) arms+=("${2:?--arm needs 'LABEL JAR [VAR=VALUE ...]'}")
           read -r -a parts <<< "$2"
           command_line="$command_line --arm '${parts[0]} $(basename "${parts[1]:-}")${parts[2]:+ ${parts[*]:2}}'"
           shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; command_line="$command_line --rounds $2"; shift 2 ;;
    --models) models="${2:?--models needs dcgan64,dcgan32 or one of them}"; command_line="$command_line --models $2"; shift 2 ;;
    --threads) threads="${2:?--threads needs a number}"; command_line="$command_line --threads $2"; shift 2 ;;
    --quick) quick=1; command_line="$command_line --quick"; shift ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --record) record="${2:?--record needs a file}"; shift 2 ;;
    --label) label="${2:?--label needs a name}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[ -n "$backend" ] || die "--backend NAME is required (djl, nd4j, onednn, ...)"
[ ${#arms[@]} -ge 2 ] || die "give at least two --arm 'LABEL JAR [VAR=VALUE ...]'"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number, got '$rounds'"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "--threads must be a positive number, got '$threads'"
[ -z "$record" ] || [[ "$label" =~ ^[A-Za-z0-9._-]+$ ]] || die "--record needs --label NAME (letters, digits, . _ -)"
for m in ${models//,/ }; do
  case "$m" in dcgan64|dcgan32) ;; *) die "unknown model '$m': use dcgan64 and/or dcgan32" ;; esac
done
labels=()
for arm in "${arms[@]}"; do
  read -r -a parts <<< "$arm"
  [ ${#parts[@]} -ge 2 ] || die "arm '$arm' needs a label and a jar"
  [[ "${parts[0]}" =~ ^[A-Za-z0-9._-]+$ ]] || die "arm label '${parts[0]}': letters, digits, . _ - only"
  [ -f "${parts[1]}" ] || die "arm '${parts[0]}': no jar at ${parts[1]} (build cgan-bench and copy its jar there)"
  for kv in "${parts[@]:2}"; do
    [[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*=.*$ ]] || die "arm '${parts[0]}': '$kv' is not VAR=VALUE"
  done
  for l in "${labels[@]}"; do [ "$l" != "${parts[0]}" ] || die "two arms labelled '$l'"; done
  labels+=("${parts[0]}")
done
command -v java >/dev/null 2>&1 || die "java not found: install JDK 17 or newer"
command -v python3 >/dev/null 2>&1 || die "python3 not found (it summarises the results)"

out="${out:-$(mktemp -d -t cgan-ab.XXXXXX)}"
mkdir -p "$out"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export CGAN_BENCH_THREADS="$threads"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
if [ "$quick" = 1 ]; then jmh_time=(-f 1 -wi 1 -w 5 -i 2 -r 5); else jmh_time=(-f 1 -wi 2 -w 10 -i 3 -r 10); fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit (modified)"; fi

run_arm() {  # round model arm-index
  local parts
  read -r -a parts <<< "${arms[$3]}"
  local name="${parts[0]}" jar="${parts[1]}"
  echo "ab: round $1: $2 on $backend, arm $name" >&2
  env "${parts[@]:2}" java -jar "$jar" TrainStepBenchmark -p backend="$backend" -p model="$2" "${jmh_time[@]}" \
    -rf json -rff "$out/jmh-$2-$1-$name.json" > "$out/jmh-$2-$1-$name.log" 2>&1 \
    || { tail -30 "$out/jmh-$2-$1-$name.log" >&2; die "arm $name failed on $2 (log: $out/jmh-$2-$1-$name.log)"; }
  grep -h "^# $backend on " "$out/jmh-$2-$1-$name.log" | head -1 | sed "s/^/ab:   /" >&2 || true
}

echo "ab: $backend, arms ${labels[*]}, $rounds round(s), models $models, $threads threads; results in $out" >&2
for r in $(seq 1 "$rounds"); do
  for m in ${models//,/ }; do
    if [ $((r % 2)) = 1 ]; then
      for k in "${!arms[@]}"; do run_arm "$r" "$m" "$k"; done
    else
      for ((k = ${#arms[@]} - 1; k >= 0; k--)); do run_arm "$r" "$m" "$k"; done
    fi
  done
done

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average"
machine="$machine $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
python3 "$root/cgan-bench/ab_table.py" "$out" "$rounds" "$models" "${labels[@]}" \
  --meta "$(date -u +%Y-%m-%dT%H:%MZ)" "$machine" "$command_line" "$commit" "$backend" \
  ${record:+--record "$record" --label "$label"}
