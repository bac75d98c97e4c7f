package dev.cgan.backend.onednn;

/** The backward step both convolution layers share: input, weight and bias gradients, each only when needed. */
final class ConvolutionGradients {

    private ConvolutionGradients() {
    }

    /** {@code [dx, dw, db]} for upstream gradient {@code g}; {@code null} where nothing flows. */
    static OnednnTensor[] of(OnednnContext context, ConvolutionKernel kernel, OnednnTensor x, OnednnTensor w,
                             OnednnTensor b, OnednnTensor g) {
        OnednnTensor dx = null;
        if (x.needsGrad()) {
            dx = kernel.backwardData(g, w, x.shape());
        }
        OnednnTensor dw = null;
        OnednnTensor db = null;
        if (w.needsGrad() || (b != null && b.needsGrad())) {
            db = b == null ? null : context.newTensor(b.shape());
            dw = kernel.backwardWeights(x, g, db);
        }
        return new OnednnTensor[] {dx, dw, db};
    }
}
