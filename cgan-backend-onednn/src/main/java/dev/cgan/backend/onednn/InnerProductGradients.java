package dev.cgan.backend.onednn;

/** The backward step Linear and Maxout share: input, weight and bias gradients of an inner product, when needed. */
final class InnerProductGradients {

    private InnerProductGradients() {
    }

    /** {@code [dx, dw, db]} for the product's output gradient {@code g}; {@code null} where nothing flows. */
    static OnednnTensor[] of(OnednnContext context, InnerProductKernel kernel, OnednnTensor x, OnednnTensor w,
                             OnednnTensor b, OnednnTensor g) {
        OnednnTensor dx = null;
        if (x.needsGrad()) {
            dx = context.newTensor(x.shape());
            kernel.backwardData(g, w, dx);
        }
        OnednnTensor dw = null;
        OnednnTensor db = null;
        if (w.needsGrad() || (b != null && b.needsGrad())) {
            dw = context.newTensor(w.shape());
            db = b == null ? null : context.newTensor(b.shape());
            kernel.backwardWeights(x, g, dw, db);
        }
        return new OnednnTensor[] {dx, dw, db};
    }
}
