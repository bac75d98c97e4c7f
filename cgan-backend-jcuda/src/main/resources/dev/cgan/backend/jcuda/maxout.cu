// Maxout over the output of a linear layer a [N, units * pieces], grouped unit-major: the pieces of output element i
// (i = n * units + u) are a[i * pieces .. i * pieces + pieces - 1].

#define GRID_STRIDE(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// y[i] = max_k a[i * pieces + k], and argmax[i] = that k (the first of equal maxima; a NaN piece wins, so that NaN
// propagates as in PyTorch's max). n = N * units.
extern "C" __global__ void maxout_forward(const float* a, float* y, int* argmax, int pieces, int n) {
    GRID_STRIDE(i, n) {
        const float* row = a + (long long) i * pieces;
        float best = row[0];
        int at = 0;
        for (int k = 1; k < pieces; k++) {
            const float v = row[k];
            if (v > best || (v != v && best == best)) {
                best = v;
                at = k;
            }
        }
        y[i] = best;
        argmax[i] = at;
    }
}

// The gradient reaches the maximal piece only: da[j] = dy[j / pieces] where j % pieces is that output's argmax, else
// 0. n = N * units * pieces (da's size).
extern "C" __global__ void maxout_backward(const float* dy, const int* argmax, float* da, int pieces, int n) {
    GRID_STRIDE(j, n) {
        const int i = j / pieces;
        da[j] = argmax[i] == j - i * pieces ? dy[i] : 0.0f;
    }
}
