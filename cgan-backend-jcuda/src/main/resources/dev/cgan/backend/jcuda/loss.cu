// Losses with PyTorch's semantics and mean reduction (binary cross-entropy, softmax cross-entropy, the GAN hinge
// losses); each forward is one block of 256 threads.

#define LOSS_THREADS 256

__device__ double loss_block_sum(double v) {
    __shared__ double partial[LOSS_THREADS];
    partial[threadIdx.x] = v;
    __syncthreads();
    for (int stride = LOSS_THREADS / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

// mean of -(t * log(p) + (1 - t) * log(1 - p)), each log clamped to >= -100 so that p = 0 or 1 stays finite.
extern "C" __global__ void bce_forward(const float* p, const float* t, float* out, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += LOSS_THREADS) {
        const float logP = fmaxf(logf(p[i]), -100.0f);
        const float log1mP = fmaxf(logf(1.0f - p[i]), -100.0f);
        s += (double) ((t[i] - 1.0f) * log1mP - t[i] * logP);
    }
    double total = loss_block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (total / (double) n);
    }
}

// PyTorch's binary_cross_entropy_backward: g * (p - t) / max(p * (1 - p), 1e-12), then divided by n for the mean.
extern "C" __global__ void bce_backward(const float* p, const float* t, const float* g, float* dp, int n) {
    const float upstream = g[0];
    const float count = (float) n;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const float denominator = fmaxf((1.0f - p[i]) * p[i], 1e-12f);
        dp[i] = upstream * (p[i] - t[i]) / denominator / count;
    }
}

// mean of max(x, 0) - x * t + log(1 + exp(-|x|)), the stable form of BCE(sigmoid(x), t).
extern "C" __global__ void bce_logits_forward(const float* x, const float* t, float* out, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += LOSS_THREADS) {
        const float v = x[i];
        s += (double) (fmaxf(v, 0.0f) - v * t[i] + log1pf(expf(-fabsf(v))));
    }
    double total = loss_block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (total / (double) n);
    }
}

// (sigmoid(x) - t) * g, divided by n for the mean.
extern "C" __global__ void bce_logits_backward(const float* x, const float* t, const float* g, float* dx, int n) {
    const float upstream = g[0];
    const float count = (float) n;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const float s = 1.0f / (1.0f + expf(-x[i]));
        dx[i] = (s - t[i]) * upstream / count;
    }
}

// The log of the softmax denominator of one row, shifted by its maximum: log(sum_c exp(x[c] - max)), with max returned
// in *shift. Finite for any finite logits.
__device__ float row_log_sum_exp(const float* x, int classes, float* shift) {
    float m = x[0];
    for (int c = 1; c < classes; c++) {
        m = fmaxf(m, x[c]);
    }
    float s = 0.0f;
    for (int c = 0; c < classes; c++) {
        s += expf(x[c] - m);
    }
    *shift = m;
    return logf(s);
}

// Softmax cross-entropy against class probabilities t [rows, classes]: -(1 / rows) sum t * log_softmax(x), with
// log_softmax(x)[c] = x[c] - max - log(sum exp(x - max)). One block; one thread per row at a time.
extern "C" __global__ void cross_entropy_forward(const float* x, const float* t, float* out, int rows, int classes) {
    double s = 0.0;
    for (int r = threadIdx.x; r < rows; r += LOSS_THREADS) {
        const float* xr = x + (long long) r * classes;
        const float* tr = t + (long long) r * classes;
        float shift;
        const float lse = row_log_sum_exp(xr, classes, &shift);
        for (int c = 0; c < classes; c++) {
            s -= (double) (tr[c] * ((xr[c] - shift) - lse));
        }
    }
    double total = loss_block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (total / (double) rows);
    }
}

// dx = g * (softmax(x) * sum_c t - t) / rows, one row per thread (grid-stride over the rows).
extern "C" __global__ void cross_entropy_backward(const float* x, const float* t, const float* g, float* dx, int rows,
                                                  int classes) {
    const float scale = g[0] / (float) rows;
    for (int r = blockIdx.x * blockDim.x + threadIdx.x; r < rows; r += blockDim.x * gridDim.x) {
        const float* xr = x + (long long) r * classes;
        const float* tr = t + (long long) r * classes;
        float* dr = dx + (long long) r * classes;
        float shift;
        const float lse = row_log_sum_exp(xr, classes, &shift);
        float targetSum = 0.0f;
        for (int c = 0; c < classes; c++) {
            targetSum += tr[c];
        }
        for (int c = 0; c < classes; c++) {
            const float softmax = expf((xr[c] - shift) - lse);
            dr[c] = (softmax * targetSum - tr[c]) * scale;
        }
    }
}

// The discriminator's hinge loss: mean of relu(1 - t * x) (t = +1 real, -1 fake).
extern "C" __global__ void hinge_d_forward(const float* x, const float* t, float* out, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += LOSS_THREADS) {
        s += (double) fmaxf(1.0f - t[i] * x[i], 0.0f);
    }
    double total = loss_block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (total / (double) n);
    }
}

// -t * g / n where 1 - t * x > 0, else 0 (also at exactly the margin: relu'(0) = 0, as PyTorch).
extern "C" __global__ void hinge_d_backward(const float* x, const float* t, const float* g, float* dx, int n) {
    const float upstream = g[0];
    const float count = (float) n;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        dx[i] = 1.0f - t[i] * x[i] > 0.0f ? -t[i] * upstream / count : 0.0f;
    }
}

// The generator's hinge loss: -mean(t * x) (t = +1: -mean(D(G(z)))).
extern "C" __global__ void hinge_g_forward(const float* x, const float* t, float* out, int n) {
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += LOSS_THREADS) {
        s += (double) (t[i] * x[i]);
    }
    double total = loss_block_sum(s);
    if (threadIdx.x == 0) {
        out[0] = (float) (-total / (double) n);
    }
}

// -t * g / n.
extern "C" __global__ void hinge_g_backward(const float* x, const float* t, const float* g, float* dx, int n) {
    const float upstream = g[0];
    const float count = (float) n;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        dx[i] = -t[i] * upstream / count;
    }
}
