package dev.cgan.backend.nd4j;

import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cgan tensor backed by one ND4J array. Temporaries live in the workspace of the scope that was innermost when they
 * were made; parameters, gradients and optimizer state live outside every workspace.
 *
 * <p>A tensor is <em>tracked</em> when gradients can flow into it: a leaf that requires them, or the result of an
 * operation recorded on the tape (which then holds the operation as its gradient function).
 */
final class Nd4jTensor implements Tensor {

    private final Nd4jContext context;
    private final Shape shape;
    private INDArray array;
    private Nd4jScope owner;
    private boolean requiresGrad;
    private boolean recorded;
    private boolean sharesArray;
    private INDArray gradient;
    private boolean gradientProduced;
    /** The gradient array holds stale values that stand for zeros (a zeroGrad not yet written out). */
    private boolean gradientCleared;
    private Nd4jTensor gradientView;

    Nd4jTensor(Nd4jContext context, INDArray array) {
        this.context = context;
        this.array = array;
        this.shape = Shape.of(toInts(array.shape()));
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public Device device() {
        return context.device();
    }

    @Override
    public float[] toFloatArray() {
        INDArray a = array();
        // A dense copy in row-major order: views, other orders and workspace buffers all read the same way.
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Override
    public void copyFrom(float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fit a tensor of shape " + shape);
        }
        INDArray target = array();
        if (shape.rank() == 0) {
            target.assign(values[0]);
            return;
        }
        target.assign(Nd4j.create(values, target.shape(), 'c'));
    }

    @Override
    public Tensor requireGrad() {
        requiresGrad = true;
        return this;
    }

    @Override
    public boolean requiresGrad() {
        return requiresGrad;
    }

    @Override
    public Tensor grad() {
        if (!requiresGrad) {
            return null;
        }
        if (gradientView == null) {
            gradientView = new Nd4jTensor(context, gradientArray());
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
        // Shares the array (and so its scope); the copy is cut from the tape because it is neither a leaf nor recorded.
        Nd4jTensor cut = context.share(array(), owner);
        cut.sharesArray = true;
        return cut;
    }

    @Override
    public void close() {
        // Workspace memory is reclaimed by its scope; arrays outside workspaces are freed by ND4J's deallocator once
        // unreachable. Dropping the reference is what makes this one unreachable.
        if (array != null && owner == null && !sharesArray && array.closeable()) {
            array.close();
        }
        array = null;
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + shape + (array == null ? " (closed)" : "") + (requiresGrad ? " requires grad" : "");
    }

    // ---- for the backend's own classes ----

    INDArray array() {
        if (array == null) {
            throw new IllegalStateException("tensor of shape " + shape + " was closed (by close() or its scope)");
        }
        return array;
    }

    /** Forgets the array, whose workspace is being closed; later use fails with a clear message. */
    void invalidate() {
        array = null;
    }

    void replaceArray(INDArray replacement) {
        array = replacement;
    }

    Nd4jContext context() {
        return context;
    }

    Nd4jScope owner() {
        return owner;
    }

    void owner(Nd4jScope newOwner) {
        owner = newOwner;
    }

    /** Whether gradients flow into this tensor: a leaf that requires them or a recorded result. */
    boolean tracked() {
        return requiresGrad || recorded;
    }

    void markRecorded() {
        recorded = true;
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

    /** Whether any backward pass has reached this leaf (PyTorch's "grad is not None"). */
    boolean gradientProduced() {
        return gradientProduced;
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
