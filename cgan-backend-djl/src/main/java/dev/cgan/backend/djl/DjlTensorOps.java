package dev.cgan.backend.djl;

import dev.cgan.api.spi.EngineTensorOps;
import dev.cgan.api.tensor.Shape;

/** cgan's neutral tensor operations on DJL arrays; each is one libtorch call, differentiable while a tape records. */
final class DjlTensorOps extends EngineTensorOps<DjlTensor, DjlContext> {

    DjlTensorOps(DjlContext context) {
        super(context);
    }

    @Override
    protected DjlTensor concatChannelsOf(DjlTensor a, DjlTensor b) {
        return context.compute(() -> a.array().concat(b.array(), 1));
    }

    @Override
    protected DjlTensor reshapeOf(DjlTensor t, Shape shape) {
        return context.compute(() -> t.array().reshape(Shapes.toDjl(shape)));
    }

    @Override
    protected DjlTensor broadcastLabelsOf(DjlTensor labels, int height, int width) {
        Shape s = labels.shape();
        // expand is a view; the label maps are only read (concatenated), so no copy is made here.
        return context.compute(() -> labels.array().reshape(s.dim(0), s.dim(1), 1, 1)
                .broadcast(s.dim(0), s.dim(1), height, width));
    }

    @Override
    protected DjlTensor addOf(DjlTensor a, DjlTensor b) {
        return context.compute(() -> a.array().add(b.array()));
    }

    @Override
    protected DjlTensor sumSpatialOf(DjlTensor t) {
        return context.compute(() -> t.array().sum(new int[] {2, 3}));
    }

    @Override
    protected DjlTensor rowDotOf(DjlTensor a, DjlTensor b) {
        return context.compute(() -> a.array().mul(b.array()).sum(new int[] {1}, true));
    }

    @Override
    protected DjlTensor meanOf(DjlTensor t) {
        return context.compute(() -> t.array().mean());
    }

    @Override
    protected DjlTensor dotOf(DjlTensor a, DjlTensor b) {
        // d/da sum(a * b) = 1 * b: exactly b, as the conformance suite relies on.
        return context.compute(() -> a.array().mul(b.array()).sum());
    }
}
