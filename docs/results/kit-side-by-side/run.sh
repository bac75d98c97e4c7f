#!/usr/bin/env bash
# Side by side: main before the kit (old.jar, 478db93) and after (new.jar), djl and nd4j, alternating order per round.
cd "$(dirname "$0")"  # old.jar: cgan-bench.jar built at 478db93 (before the kit); new.jar: built at the kit
export OMP_WAIT_POLICY=PASSIVE CGAN_BENCH_THREADS=2 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296
for r in 1 2; do
  for m in dcgan32 dcgan64; do
    for b in djl nd4j; do
      if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
      for j in $order; do
        java -jar $j.jar TrainStepBenchmark -p model=$m -p backend=$b -f 1 -wi 2 -w 10 -i 3 -r 10 -rf json -rff res-$j-$b-$m-$r.json > log-$j-$b-$m-$r.txt 2>&1
        echo "$r $m $b $j $(grep -A0 'TrainStepBenchmark' log-$j-$b-$m-$r.txt | tail -1)" >> summary.txt
      done
    done
  done
done
echo done >> summary.txt
