package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Transposed convolution with a stride {@code s} that divides the kernel {@code k}, by phase decomposition (the
 * "sub-pixel" form). Output row {@code o} only receives kernel rows {@code kh ≡ (o + p) mod s}, so the rows of one phase
 * {@code o mod s} form an ordinary stride-1 convolution of the input with a {@code k/s}-tap sub-kernel. The {@code s²}
 * phases are computed on the un-dilated input (no multiplications by inserted zeros) and interleaved.
 *
 * <p>Along one axis, for output phase {@code ph} let {@code r = (ph + p) mod s} and {@code c = (ph + p) div s}; then
 * {@code y[q·s + ph] = Σ_j x[q + c - j] · w[r + s·j]}, {@code j = 0 .. k/s - 1}: a correlation with the reversed
 * sub-kernel {@code w[r + s·(J-1-m)]} over the input padded by {@code J - 1 - c} in front.
 */
final class SubPixelConvTranspose {

    private SubPixelConvTranspose() {
    }

    static NDArray apply(Convolution convolution, NDArray input, NDArray weight, NDArray bias, int kernel, int stride,
                         int padding) {
        long[] in = input.getShape().getShape();
        long outH = TransposedConvolution.outputSize(in[2], kernel, stride, padding);
        long outW = TransposedConvolution.outputSize(in[3], kernel, stride, padding);
        Axis rows = new Axis(in[2], outH, kernel, stride, padding);
        Axis cols = new Axis(in[3], outW, kernel, stride, padding);

        // One padded (or cropped) copy of the input serves every phase; each phase reads a window of it.
        NDArray framed = TorchFunctions.pad2d(input, cols.front, cols.back, rows.front, rows.back);
        NDArray kernelT = weight.transpose(1, 0, 2, 3);
        long[] framedShape = framed.getShape().getShape();

        NDList[] phases = new NDList[stride];
        for (int ph = 0; ph < stride; ph++) {
            phases[ph] = new NDList(stride);
            for (int pw = 0; pw < stride; pw++) {
                NDArray window = TorchFunctions.slice(framed,
                        new long[] {0, 0, rows.windowStart(ph), cols.windowStart(pw)},
                        new long[] {framedShape[0], framedShape[1], rows.windowEnd(ph), cols.windowEnd(pw)},
                        new long[] {1, 1, 1, 1});
                NDArray subKernel = subKernel(kernelT, rows, cols, ph, pw, kernel, stride);
                phases[ph].add(convolution.apply(window, subKernel, bias, 1, 0));
            }
        }
        return interleave(phases, outH, outW);
    }

    /**
     * The same sums with one convolution: the {@code s²} sub-kernels stacked into one weight {@code [s²·out, in, J, J]}
     * run over the shared padded input, and each phase then reads its own window of the result. One large matrix
     * product instead of {@code s²} small ones, at the price of computing a border the phases do not all need.
     */
    static NDArray applyFused(Convolution convolution, NDArray input, NDArray weight, NDArray bias, int kernel,
                              int stride, int padding) {
        long[] in = input.getShape().getShape();
        long outH = TransposedConvolution.outputSize(in[2], kernel, stride, padding);
        long outW = TransposedConvolution.outputSize(in[3], kernel, stride, padding);
        Axis rows = new Axis(in[2], outH, kernel, stride, padding);
        Axis cols = new Axis(in[3], outW, kernel, stride, padding);
        long channelsOut = weight.getShape().get(1);

        NDArray framed = TorchFunctions.pad2d(input, cols.front, cols.back, rows.front, rows.back);
        NDArray kernelT = weight.transpose(1, 0, 2, 3);
        NDList subKernels = new NDList(stride * stride);
        for (int ph = 0; ph < stride; ph++) {
            for (int pw = 0; pw < stride; pw++) {
                subKernels.add(subKernel(kernelT, rows, cols, ph, pw, kernel, stride));
            }
        }
        NDArray stacked = NDArrays.concat(subKernels, 0);
        NDArray phaseBias = bias == null ? null : bias.tile(stride * stride);
        NDArray all = convolution.apply(framed, stacked, phaseBias, 1, 0);
        long[] a = all.getShape().getShape();
        NDArray phases = all.reshape(a[0], stride, stride, channelsOut, a[2], a[3]);

        NDList[] phaseOutputs = new NDList[stride];
        for (int ph = 0; ph < stride; ph++) {
            phaseOutputs[ph] = new NDList(stride);
            for (int pw = 0; pw < stride; pw++) {
                long r0 = rows.windowStart(ph);
                long c0 = cols.windowStart(pw);
                phaseOutputs[ph].add(TorchFunctions.slice(phases,
                        new long[] {0, ph, pw, 0, r0, c0},
                        new long[] {a[0], ph + 1, pw + 1, channelsOut, r0 + rows.perPhase, c0 + cols.perPhase},
                        new long[] {1, 1, 1, 1, 1, 1}).reshape(a[0], channelsOut, rows.perPhase, cols.perPhase));
            }
        }
        return interleave(phaseOutputs, outH, outW);
    }

    /**
     * The sub-kernel of phase {@code (ph, pw)} from the kernel transposed to {@code [out, in, k, k]}: every
     * {@code s}-th tap from the phase's first, reversed because the phase's sum runs over the input backwards.
     */
    private static NDArray subKernel(NDArray kernelT, Axis rows, Axis cols, int ph, int pw, int kernel, int stride) {
        return TorchFunctions.slice(kernelT,
                new long[] {0, 0, rows.firstTap(ph), cols.firstTap(pw)},
                new long[] {kernelT.getShape().get(0), kernelT.getShape().get(1), kernel, kernel},
                new long[] {1, 1, stride, stride}).flip(2, 3);
    }

    /**
     * Interleaves the phase outputs, {@code phases[ph]} holding row phase {@code ph}'s {@code [N, C, Qh, Qw]} results
     * in column-phase order, into {@code [N, C, outH, outW]}; the surplus of phases that computed one output too many
     * is cropped.
     */
    private static NDArray interleave(NDList[] phases, long outH, long outW) {
        NDList phaseRows = new NDList(phases.length);
        for (NDList phaseCols : phases) {
            // [N, C, Qh, Qw] × s along a new last axis: [N, C, Qh, Qw, s]
            phaseRows.add(NDArrays.stack(phaseCols, 4));
        }
        // [N, C, Qh, s, Qw, s] is row-major exactly the interleaved [N, C, Qh·s, Qw·s].
        NDArray interleaved = NDArrays.stack(phaseRows, 3);
        long[] s = interleaved.getShape().getShape();
        NDArray out = interleaved.reshape(s[0], s[1], s[2] * s[3], s[4] * s[5]);
        if (out.getShape().get(2) != outH || out.getShape().get(3) != outW) {
            out = TorchFunctions.slice(out, new long[] {0, 0, 0, 0}, new long[] {s[0], s[1], outH, outW},
                    new long[] {1, 1, 1, 1});
        }
        return out;
    }

    /** The phase arithmetic along one spatial axis. */
    private static final class Axis {
        private final int stride;
        private final int padding;
        private final long taps;
        private final long perPhase;
        private final long length;
        /** Padding (negative: crop) before and after the input shared by all phases. */
        final long front;
        final long back;

        Axis(long length, long outLength, int kernel, int stride, int padding) {
            this.stride = stride;
            this.padding = padding;
            this.length = length;
            this.taps = kernel / stride;
            // Every phase computes the same number of outputs (the largest); the surplus is cropped at the end.
            this.perPhase = Math.floorDiv(outLength + stride - 1, stride);
            long f = Long.MIN_VALUE;
            long b = Long.MIN_VALUE;
            for (int ph = 0; ph < stride; ph++) {
                f = Math.max(f, frontOf(ph));
                b = Math.max(b, backOf(ph));
            }
            this.front = f;
            this.back = b;
        }

        /** The first kernel tap of phase {@code ph}: {@code r = (ph + p) mod s}. */
        long firstTap(int ph) {
            return Math.floorMod(ph + padding, stride);
        }

        /** Padding this phase needs in front of the input: {@code J - 1 - c}. */
        private long frontOf(int ph) {
            return taps - 1 - Math.floorDiv(ph + padding, stride);
        }

        /** Padding this phase needs after the input so that its convolution yields {@code perPhase} outputs. */
        private long backOf(int ph) {
            return perPhase - 1 + taps - length - frontOf(ph);
        }

        long windowStart(int ph) {
            return front - frontOf(ph);
        }

        long windowEnd(int ph) {
            return windowStart(ph) + length + frontOf(ph) + backOf(ph);
        }
    }
}
