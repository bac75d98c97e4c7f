// Binary cross-entropy losses with PyTorch's semantics and mean reduction; each forward is one block of 256 threads.

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
