package dev.cgan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare.sh's "% of peak" column, as both renderers print it: {@code scripts/Figures.java} (the docs) from a recorded
 * line, and {@code cgan-bench/compare_table.py} (compare.sh's own table) from a results directory. The numbers are made
 * round by hand: 64 GFLOP per iteration at 110 images/s (median of 100, 110, 120) is 110 GFLOP/s, which is 50% of a
 * 220 GFLOP/s peak (median of 200, 220, 230) and 110% of a 100 GFLOP/s sgemm. A run recorded before compare.sh
 * measured the peak still renders, with "–" in the column.
 */
class PeakColumnTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final String WORK = "\"work\": {\"dcgan32\": {\"iteration_flop\": 64000000000, "
            + "\"generator_forward_macs\": 1000000000, \"discriminator_forward_macs\": 2000000000}}";
    private static final String COMMON = "\"date\": \"2026-12-04T16:00Z\", \"machine\": \"test\", \"command\": "
            + "\"cgan-bench/compare.sh\", \"commit\": \"0\", \"kind\": \"compare\", \"rates\": {\"onednn dcgan32\": "
            + "[100, 120, 110], \"pytorch 2.13.0 dcgan32\": [55]}, " + WORK + ", \"sgemm_gflops\": [100], "
            + "\"sgemm_note\": \"test sgemm\", \"timing\": {}";

    @Test
    void aRunWithAPeakShowsItsShareAndOneWithoutShowsADash(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("docs/results"));
        Files.writeString(root.resolve("README.md"), "", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("docs/results/benchmarks.jsonl"),
                "{\"label\": \"with-peak\", " + COMMON + ", \"peak_gflops\": [200, 230, 220], \"peak_note\": "
                        + "\"test peak\"}\n{\"label\": \"without-peak\", " + COMMON + "}\n",
                StandardCharsets.UTF_8);
        Files.writeString(root.resolve("docs/T.md"), "<!-- figure compare with-peak --><!-- /figure -->\n"
                + "<!-- figure compare without-peak --><!-- /figure -->\n", StandardCharsets.UTF_8);

        String out = run(List.of(java(), ROOT.resolve("scripts/Figures.java").toString(), root.toString()));

        String doc = Files.readString(root.resolve("docs/T.md"), StandardCharsets.UTF_8);
        String[] figures = doc.split("<!-- figure compare without-peak -->");
        assertEquals(2, figures.length, out + doc);
        assertTrue(figures[0].contains("| GFLOP/s | % of sgemm | % of peak |"), figures[0]);
        assertTrue(figures[0].contains("| onednn | dcgan32 b64 | 582 | 110.0 | 2.00 | 110.0 | 110% | 50% |"),
                figures[0]);
        assertTrue(figures[0].contains("- f32 peak (test peak): median 220.0 GFLOP/s over 3 round(s): 200.0, 230.0, "
                + "220.0"), figures[0]);
        assertTrue(figures[1].contains("| GFLOP/s | % of sgemm | % of peak |"), figures[1]);
        assertTrue(figures[1].contains("| onednn | dcgan32 b64 | 582 | 110.0 | 2.00 | 110.0 | 110% | – |"),
                figures[1]);
        assertTrue(figures[1].contains("- f32 peak: not measured in this run, so no % of peak"), figures[1]);
    }

    @Test
    void compareTablePrintsTheSameColumnFromARunsFiles(@TempDir Path results) throws Exception {
        String python = "/usr/bin/python3";
        assumeTrue(Files.isExecutable(Path.of(python)), "no python3 here (compare_table.py needs it; CI has none)");
        Files.writeString(results.resolve("work-dcgan32.json"), "{\"model\": \"dcgan32\", \"iteration_flop\": "
                + "64000000000, \"generator_forward_macs\": 1000000000, \"discriminator_forward_macs\": 2000000000}");
        Files.writeString(results.resolve("sgemm-1.json"), "{\"size\": 4096, \"threads\": \"t\", \"gflops\": 100}");
        int round = 1;
        for (int rate : new int[] {100, 120, 110}) {
            Files.writeString(results.resolve("jmh-dcgan32-" + round + ".json"), "[{\"params\": {\"backend\": "
                    + "\"onednn\", \"model\": \"dcgan32\"}, \"primaryMetric\": {\"score\": " + rate + "}}]");
            round++;
        }
        Files.writeString(results.resolve("pytorch-dcgan32-1-0.json"), "{\"torch\": \"2.13.0+cpu\", \"model\": "
                + "\"dcgan32\", \"images_per_second\": 55}\n");
        List<String> command = List.of(python, ROOT.resolve("cgan-bench/compare_table.py").toString(),
                results.toString());

        String without = run(command);
        int round2 = 1;
        for (int peak : new int[] {200, 230, 220}) {
            Files.writeString(results.resolve("peak-" + round2++ + ".json"), "{\"engine\": \"oneDNN 3.11.0\", "
                    + "\"matmul_size\": 4096, \"matmul_gflops\": 1, \"convolution\": \"c\", \"convolution_gflops\": "
                    + peak + ", \"threads\": \"t\", \"gflops\": " + peak + "}");
        }
        String with = run(command);

        assertTrue(without.contains("| onednn | dcgan32 b64 | 582 | 110.0 | 2.00 | 110.0 | 110% | – |"), without);
        assertTrue(without.contains("- f32 peak: not measured in this run, so no % of peak"), without);
        assertTrue(with.contains("| onednn | dcgan32 b64 | 582 | 110.0 | 2.00 | 110.0 | 110% | 50% |"), with);
        assertTrue(with.contains("median 220.0 GFLOP/s over 3 round(s): 200.0, 230.0, 220.0"), with);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "did not finish: " + command);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
