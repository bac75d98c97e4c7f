package dev.cgan.backend.onednn;

import dev.cgan.api.spi.HostAugment;
import java.util.stream.IntStream;

/**
 * DiffAugment's color policy ({@code TensorOps.augmentColor}) as the kit's host loops ({@link HostAugment}) over the
 * plain memories, one sample per task (oneDNN has no primitive for per-sample means over channels and the whole
 * image): brightness, saturation and contrast forward, and their gradient through the (undetached) means.
 */
final class OnednnAugmentColor {

    private OnednnAugmentColor() {
    }

    static OnednnTensor apply(OnednnContext context, OnednnTensor x, float[] brightness, float[] saturation,
                              float[] contrast) {
        int n = x.shape().dim(0);
        int channels = x.shape().dim(1);
        int plane = x.shape().dim(2) * x.shape().dim(3);
        return context.compute(() -> {
            OnednnTensor out = context.newTensor(x.shape());
            IntStream.range(0, n).parallel().forEach(s -> HostAugment.colorForward(x.floats(), out.floats(), channels,
                    plane, brightness, saturation, contrast, s, s + 1));
            return out;
        }, g -> {
            OnednnTensor dx = context.newTensor(x.shape());
            IntStream.range(0, n).parallel().forEach(s -> HostAugment.colorBackward(g.floats(), dx.floats(),
                    channels, plane, saturation, contrast, s, s + 1));
            return new OnednnTensor[] {dx};
        }, x);
    }
}
