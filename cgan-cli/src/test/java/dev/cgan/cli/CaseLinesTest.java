package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.conformance.CaseResult;
import dev.cgan.conformance.ConformanceCase;
import dev.cgan.conformance.Outcome;
import dev.cgan.conformance.TensorComparison;
import dev.cgan.conformance.Tolerance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-case lines, for outcomes a conforming backend never produces (so the DJL run cannot show them). */
class CaseLinesTest {

    private static final ConformanceCase CONV = new ConformanceCase("conv2d_k3s1p1", "conv2d", "a convolution");
    private static final Tolerance TOL = new Tolerance(1e-4, 1e-6);
    private static final TensorComparison GOOD =
            new TensorComparison("output", TOL, 24, 0, 1e-7, 2e-6, 0.25, "[0, 1]", 1.0, 1.0, null);
    private static final TensorComparison BAD =
            new TensorComparison("grad.input", TOL, 24, 3, 0.5, 0.4, 9000, "[0, 2]", 1.5, 1.0, null);

    private static String print(CaseResult result, boolean failingTensors) {
        StringWriter text = new StringWriter();
        new CaseLines(new PrintWriter(text), List.of(CONV), failingTensors).accept(result);
        return text.toString();
    }

    @Test
    void aFailureShowsTheSuitesReasonAndWithVerboseCasesEachFailingTensor() {
        CaseResult failed = new CaseResult(CONV, Outcome.FAIL, "1 of 2 tensors outside tolerance; worst grad.input",
                List.of(GOOD, BAD), Duration.ofMillis(12));

        List<String> lines = print(failed, true).lines().toList();

        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("FAIL\\s+conv2d_k3s1p1\\s+12 ms  1 of 2 tensors outside .*"), lines.get(0));
        assertEquals("    " + BAD.summary(), lines.get(1));
        assertEquals(1, print(failed, false).lines().count(), "tensor lines only when asked for");
    }

    @Test
    void aPassShowsItsWorstError() {
        CaseResult passed = new CaseResult(CONV, Outcome.PASS, "closest: ...", List.of(GOOD), Duration.ofMillis(3));

        assertEquals("PASS               conv2d_k3s1p1       3 ms  worst output: max abs 1.00e-07, max rel 2.00e-06, "
                + "0.25 of tolerance", print(passed, true).strip());
    }
}
