// Element-wise kernels of the CUDA backend. Compiled at run time by NVRTC (with --fmad=false, so that a * b + c is
// rounded twice, as PyTorch's CPU kernels round it) and at build time by nvcc, which checks their syntax.
// Every kernel walks its range with a grid-stride loop, so any grid size covers any n.

#define GRID_STRIDE(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

extern "C" __global__ void relu_forward(const float* x, float* y, int n) {
    GRID_STRIDE(i, n) { y[i] = x[i] > 0.0f ? x[i] : 0.0f; }
}

// PyTorch's threshold_backward: the gradient passes where the output is positive (so it is 0 at x == 0).
extern "C" __global__ void relu_backward(const float* y, const float* dy, float* dx, int n) {
    GRID_STRIDE(i, n) { dx[i] = y[i] > 0.0f ? dy[i] : 0.0f; }
}

extern "C" __global__ void leaky_relu_forward(const float* x, float* y, float slope, int n) {
    GRID_STRIDE(i, n) { y[i] = x[i] > 0.0f ? x[i] : x[i] * slope; }
}

// The gradient at exactly 0 is the slope (PyTorch's convention).
extern "C" __global__ void leaky_relu_backward(const float* x, const float* dy, float* dx, float slope, int n) {
    GRID_STRIDE(i, n) { dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * slope; }
}

extern "C" __global__ void tanh_forward(const float* x, float* y, int n) {
    GRID_STRIDE(i, n) { y[i] = tanhf(x[i]); }
}

extern "C" __global__ void tanh_backward(const float* y, const float* dy, float* dx, int n) {
    GRID_STRIDE(i, n) { dx[i] = dy[i] * (1.0f - y[i] * y[i]); }
}

extern "C" __global__ void sigmoid_forward(const float* x, float* y, int n) {
    GRID_STRIDE(i, n) { y[i] = 1.0f / (1.0f + expf(-x[i])); }
}

extern "C" __global__ void sigmoid_backward(const float* y, const float* dy, float* dx, int n) {
    GRID_STRIDE(i, n) { dx[i] = dy[i] * (1.0f - y[i]) * y[i]; }
}

extern "C" __global__ void add(const float* a, const float* b, float* out, int n) {
    GRID_STRIDE(i, n) { out[i] = a[i] + b[i]; }
}

// Gradient accumulation: dst += src.
extern "C" __global__ void accumulate(float* dst, const float* src, int n) {
    GRID_STRIDE(i, n) { dst[i] = dst[i] + src[i]; }
}

// out = src * g[0], with g a device scalar (the upstream gradient of a scalar result).
extern "C" __global__ void scale_by(const float* src, const float* g, float* out, int n) {
    const float s = g[0];
    GRID_STRIDE(i, n) { out[i] = src[i] * s; }
}

// out[r, k] = src[r, k] * g[r] over [R, K]: the gradient of a row's inner product (rowDot) for each of its inputs.
extern "C" __global__ void scale_rows(const float* src, const float* g, float* out, int columns, int n) {
    GRID_STRIDE(i, n) { out[i] = src[i] * g[i / columns]; }
}

// out[i] = g[0] / count: the gradient of a mean.
extern "C" __global__ void fill_divided(const float* g, float* out, float count, int n) {
    const float v = g[0] / count;
    GRID_STRIDE(i, n) { out[i] = v; }
}

// y[n, c, s] += bias[c] over [N, C, S] (S = H * W; S = 1 for a linear layer's [N, C]).
extern "C" __global__ void add_channel_bias(float* y, const float* bias, int channels, int spatial, int n) {
    GRID_STRIDE(i, n) { y[i] = y[i] + bias[(i / spatial) % channels]; }
}

// out = a * b element by element: Dropout's forward (x times the uploaded mask of 0 and 1 / (1 - p)) and backward
// (the gradient times the same mask).
extern "C" __global__ void multiply(const float* a, const float* b, float* out, int n) {
    GRID_STRIDE(i, n) { out[i] = a[i] * b[i]; }
}
