#!/usr/bin/env bash
# Packs the CUDA backend's GPU check for a machine with an NVIDIA GPU but without Maven or internet: a jlink'ed Java
# runtime (only the JDK modules cgan needs), the CLI's jars without the DJL/libtorch ones, run.sh, and the PyTorch
# benchmark script when the repository has it. Usage: cgan-backend-jcuda/gpu-check/pack.sh [OUTPUT.tar.gz]
# Then, on the GPU machine: tar xzf cgan-gpu-check.tar.gz && cgan-gpu-check/run.sh
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/cgan-backend-jcuda/target/cgan-gpu-check.tar.gz}"
limit_mb=60

die() { echo "pack.sh: error: $*" >&2; exit 2; }
for tool in mvn jlink tar; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (pack.sh needs JDK 17+ with jlink, and Maven)"
done

echo "pack.sh: building the CLI and its backends..." >&2
(cd "$root" && mvn -B -q -DskipTests -pl cgan-cli -am package) >&2 || die "the build failed (see Maven's output above)"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pack="$stage/cgan-gpu-check"
mkdir -p "$pack/lib"

# Everything the CLI runs with, except the CPU engines: the DJL backend with libtorch (430 MB unpacked) and the ND4J
# backend (this check is about jcuda).
for jar in "$root"/cgan-cli/target/lib/*.jar; do
  case "$(basename "$jar")" in
    cgan-backend-djl-*|api-[0-9]*|pytorch-*|jna-*|gson-*|commons-*) ;;
    # The ND4J backend and its dependencies (a CPU engine; 110 MB, and class-path only).
    cgan-backend-nd4j-*|nd4j-*|openblas-*|guava-1.0.0-M*|jackson-1.0.0-M*|protobuf-1.0.0-M*|flatbuffers-java-*|\
    oshi-core-*|threetenbp-*|byteunits-*|neoitertools-*) ;;
    # The oneDNN backend (a CPU engine; oneDNN's native jar alone is 27 MB) and its OpenCL dependency.
    cgan-backend-onednn-*|dnnl-*|opencl-*) ;;
    *) cp "$jar" "$pack/lib/" ;;
  esac
done

# java.desktop writes the PNG samples; jdk.unsupported is JavaCPP's and Guice's Unsafe; java.management JUnit's.
jlink --add-modules java.base,java.desktop,java.logging,java.management,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$pack/runtime" >&2

cp "$here/run.sh" "$pack/run.sh"
chmod +x "$pack/run.sh"
bench="$root/cgan-bench/pytorch/train_step.py"
if [ -f "$bench" ]; then
  mkdir -p "$pack/bench"
  cp "$bench" "$pack/bench/train_step.py"
  # train_step.py imports the seed's models; beside it in the pack, Python finds them in the script's own folder.
  cp "$root/cgan-conformance/reference/models.py" "$pack/bench/models.py"
else
  echo "pack.sh: note: $bench is not in this checkout; the pack will skip the PyTorch comparison" >&2
fi
git -C "$root" rev-parse HEAD > "$pack/COMMIT" 2>/dev/null || echo unknown > "$pack/COMMIT"

mkdir -p "$(dirname "$out")"
tar -C "$stage" -czf "$out" cgan-gpu-check
size_mb=$(( ($(stat -c %s "$out") + 1048575) / 1048576 ))
echo "pack.sh: wrote $out ($size_mb MB; runtime $(du -sh "$pack/runtime" | cut -f1)," \
  "jars $(du -sh "$pack/lib" | cut -f1))"
[ "$size_mb" -le "$limit_mb" ] || die "the pack is $size_mb MB, over the $limit_mb MB limit"
