package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.backend.jcuda.AlgorithmChoice.Candidate;
import dev.cgan.backend.jcuda.AlgorithmChoice.Choice;
import java.util.List;
import org.bytedeco.cuda.global.cudnn;
import org.junit.jupiter.api.Test;

/** Exact float32 by default: a TF32 (tensor-op) algorithm is never chosen unless allowed, however well it ranks. */
class AlgorithmChoiceTest {

    private static final int OK = cudnn.CUDNN_STATUS_SUCCESS;
    private static final int FAILED = 9;
    private static final int DET = cudnn.CUDNN_DETERMINISTIC;
    private static final int NONDET = cudnn.CUDNN_NON_DETERMINISTIC;
    private static final int FMA = cudnn.CUDNN_FMA_MATH;
    private static final int TENSOR = cudnn.CUDNN_TENSOR_OP_MATH;

    @Test
    void skipsTensorOpsUnlessTf32IsAllowed() {
        List<Candidate> ranked = List.of(new Candidate(6, OK, 0, DET, TENSOR), new Candidate(1, OK, 0, DET, FMA));
        assertEquals(new Choice(1, FMA), AlgorithmChoice.pick(ranked, false, 0));
        assertEquals(new Choice(6, TENSOR), AlgorithmChoice.pick(ranked, true, 0));
    }

    @Test
    void prefersDeterministicThenAnyAcceptableThenTheFallback() {
        List<Candidate> ranked = List.of(new Candidate(0, OK, 0, NONDET, FMA), new Candidate(2, FAILED, 0, DET, FMA),
                new Candidate(1, OK, 0, DET, FMA));
        assertEquals(new Choice(1, FMA), AlgorithmChoice.pick(ranked, false, 5));
        assertEquals(new Choice(0, FMA), AlgorithmChoice.pick(ranked.subList(0, 2), false, 5));
        assertEquals(new Choice(5, FMA), AlgorithmChoice.pick(List.of(new Candidate(6, OK, 0, DET, TENSOR)), false,
                5));
        assertEquals(new Choice(5, TENSOR), AlgorithmChoice.pick(List.of(), true, 5));
    }
}
