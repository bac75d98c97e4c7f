package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cgan tensor backed by one ND4J array. Temporaries live in the workspace of the scope that was innermost when they
 * were made; parameters, gradients and optimizer state live outside every workspace. A leaf's gradient is a second
 * array outside every workspace, allocated on first use.
 */
final class Nd4jTensor extends EngineTensor {

    private final Nd4jContext context;
    private INDArray array;
    /**
     * Releasing only forgets the array: it belongs to a scope (its workspace reclaims it, and a reshape made in a
     * scope may share a persistent array's buffer) or to another tensor (detach, a gradient's view).
     */
    private boolean borrowed;
    private INDArray gradient;
    private boolean gradientProduced;
    /** The gradient array holds stale values that stand for zeros (a zeroGrad not yet written out). */
    private boolean gradientCleared;
    private Nd4jTensor gradientView;

    Nd4jTensor(Nd4jContext context, INDArray array, boolean borrowed) {
        super(context, Shape.of(toInts(array.shape())));
        this.context = context;
        this.array = array;
        this.borrowed = borrowed;
    }

    @Override
    protected float[] readValues() {
        // A dense copy in row-major order: views, other orders and workspace buffers all read the same way.
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Override
    protected void writeValues(float[] values) {
        if (shape().rank() == 0) {
            array.assign(values[0]);
            return;
        }
        array.assign(Nd4j.create(values, array.shape(), 'c'));
    }

    @Override
    protected void release() {
        // ND4J's deallocator would free an unreachable array too; closing frees it now. closeable() is false for
        // workspace memory and views.
        if (!borrowed && array.closeable()) {
            array.close();
        }
        array = null;
        if (gradient != null && gradient.closeable()) {
            gradient.close();
        }
        gradient = null;
    }

    @Override
    protected Tensor leafGradient() {
        if (gradientView == null) {
            gradientView = context.adoptPersistent(new Nd4jTensor(context, gradientArray(), true));
        }
        return gradientView;
    }

    @Override
    public void zeroGrad() {
        if (gradient == null) {
            return;
        }
        if (gradientView != null) {
            // Someone holds the gradient as a tensor: it must read as zeros now.
            gradient.assign(0);
        } else {
            // The next accumulation overwrites instead of adding: one pass over the array instead of two.
            gradientCleared = true;
        }
    }

    @Override
    public Tensor detach() {
        // Shares the array; the copy is cut from the tape because it is neither a leaf nor recorded.
        return context.adopt(new Nd4jTensor(context, array(), true));
    }

    @Override
    public boolean hasGradient() {
        return gradientProduced;
    }

    // ---- for the backend's own classes ----

    INDArray array() {
        if (array == null) {
            requireOpen();
        }
        return array;
    }

    /** Moves the tensor to {@code replacement} (kept by a scope), which it owns outside every scope iff {@code own}. */
    void replaceArray(INDArray replacement, boolean own) {
        array = replacement;
        borrowed = !own;
    }

    /** Adds {@code g} into this leaf's gradient (allocated outside every workspace on first use). */
    void accumulate(INDArray g) {
        if (gradientCleared) {
            gradient.assign(g);
            gradientCleared = false;
        } else {
            gradientArray().addi(g);
        }
        gradientProduced = true;
    }

    INDArray gradientArray() {
        if (gradient == null) {
            gradient = context.persistentZeros(array().shape());
        }
        if (gradientCleared) {
            gradient.assign(0);
            gradientCleared = false;
        }
        return gradient;
    }

    private static int[] toInts(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return out;
    }
}
