package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Class-conditional batch normalisation (de Vries et al. 2017; Miyato &amp; Koyama 2018): {@link BatchNorm2d} without
 * its own affine parameters, then a per-class scale and shift looked up from the labels. On {@code x [N, C, H, W]}
 * and one-hot labels {@code y [N, classes]} (a {@link ConditionalLayer}):
 * {@code out = xhat * gamma[:, :, None, None] + beta[:, :, None, None]} with {@code gamma = y @ weight},
 * {@code beta = y @ bias}, and {@code xhat} PyTorch's {@code F.batch_norm(x, running_mean, running_var, None, None,
 * training, momentum, eps)}: in training mode the batch mean and biased variance normalise and the running statistics
 * move by {@code momentum} towards the batch mean and the <em>unbiased</em> variance; in evaluation mode the running
 * statistics normalise and stay. For a one-hot row of class {@code k}, {@code gamma} is row {@code k} of
 * {@code weight}: an {@link Embedding} of the class.
 *
 * <p>Parameters {@code weight [classes, C]} (starting at 1, like BatchNorm's gamma) and {@code bias [classes, C]}
 * (starting at 0); buffers {@code running_mean [C]} (0) and {@code running_var [C]} (1): the {@code state_dict} names
 * of {@code cgan-conformance/reference/models.py}'s {@code ConditionalBatchNorm2d}.
 *
 * @param features the channel count C
 * @param classes  the number of classes
 * @param momentum weight of the new batch statistic in the running ones (PyTorch's convention), in [0, 1]
 * @param eps      added to the variance before the square root
 */
public record ConditionalBatchNorm2d(int features, int classes, double momentum, double eps) implements LayerSpec {

    public ConditionalBatchNorm2d {
        SpatialGeometry.requirePositive("ConditionalBatchNorm2d sizes", features, classes);
        if (!(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("ConditionalBatchNorm2d needs momentum in [0, 1] and eps > 0, got "
                    + momentum + " and " + eps);
        }
    }

    /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
    public ConditionalBatchNorm2d(int features, int classes) {
        this(features, classes, 0.1, 1e-5);
    }

    @Override
    public boolean conditional() {
        return true;
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(classes, features));
        p.put("bias", Shape.of(classes, features));
        return p;
    }

    @Override
    public Map<String, Shape> bufferShapes() {
        Map<String, Shape> b = new LinkedHashMap<>();
        b.put("running_mean", Shape.of(features));
        b.put("running_var", Shape.of(features));
        return b;
    }

    @Override
    public Shape outputShape(Shape input) {
        SpatialGeometry.requireImage(input, features, "ConditionalBatchNorm2d");
        return input;
    }

    /** The labels' shape this layer needs with an input of batch size {@code batch}: {@code [batch, classes]}. */
    public Shape labelShape(int batch) {
        return Shape.of(batch, classes);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.conditionalBatchNorm2d(this);
    }
}
