package dev.cgan.backend.jcuda;

import java.util.List;
import org.bytedeco.cuda.global.cudnn;

/**
 * Picks a cuDNN convolution algorithm from the heuristics' ranked proposals: the best-ranked one that succeeded,
 * uses an acceptable math type (FMA only, unless TF32 is allowed) and is deterministic; failing that the best
 * acceptable one; failing that a fixed algorithm that every cuDNN supports for these layers.
 */
final class AlgorithmChoice {

    /** One proposal of {@code cudnnGetConvolution*Algorithm_v7}. */
    record Candidate(int algo, int status, long memory, int determinism, int mathType) {
    }

    /** The chosen algorithm and the math type to set on the descriptor when running it. */
    record Choice(int algo, int mathType) {
    }

    private AlgorithmChoice() {
    }

    static Choice pick(List<Candidate> ranked, boolean allowTf32, int fallbackAlgo) {
        Candidate acceptable = null;
        for (Candidate c : ranked) {
            if (c.status() != cudnn.CUDNN_STATUS_SUCCESS || !MathModes.acceptable(c.mathType(), allowTf32)) {
                continue;
            }
            if (c.determinism() == cudnn.CUDNN_DETERMINISTIC) {
                return new Choice(c.algo(), c.mathType());
            }
            if (acceptable == null) {
                acceptable = c;
            }
        }
        if (acceptable != null) {
            return new Choice(acceptable.algo(), acceptable.mathType());
        }
        return new Choice(fallbackAlgo, MathModes.cudnn(allowTf32));
    }
}
