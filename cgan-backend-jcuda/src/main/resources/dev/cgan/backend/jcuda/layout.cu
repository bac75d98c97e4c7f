// Moving values between layouts: channel concatenation (and its split for the gradient) and label broadcasting.

#define GRID_STRIDE_LAYOUT(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// out [N, Ca + Cb, S] from a [N, Ca, S] and b [N, Cb, S]; n = N * (Ca + Cb) * S.
extern "C" __global__ void concat_channels(const float* a, const float* b, float* out, int ca, int cb, int spatial,
                                           int n) {
    const int c = ca + cb;
    GRID_STRIDE_LAYOUT(i, n) {
        const int s = i % spatial;
        const int ch = (i / spatial) % c;
        const int sample = i / (spatial * c);
        out[i] = ch < ca ? a[((long) sample * ca + ch) * spatial + s]
                         : b[((long) sample * cb + (ch - ca)) * spatial + s];
    }
}

// The gradient of concat_channels: da [N, Ca, S] and db [N, Cb, S] from g [N, Ca + Cb, S].
extern "C" __global__ void split_channels(const float* g, float* da, float* db, int ca, int cb, int spatial, int n) {
    const int c = ca + cb;
    GRID_STRIDE_LAYOUT(i, n) {
        const int s = i % spatial;
        const int ch = (i / spatial) % c;
        const int sample = i / (spatial * c);
        if (ch < ca) {
            da[((long) sample * ca + ch) * spatial + s] = g[i];
        } else {
            db[((long) sample * cb + (ch - ca)) * spatial + s] = g[i];
        }
    }
}

// out[n, c, s] = labels[n, c] for labels [N, C] and out [N, C, S]; n = N * C * S.
extern "C" __global__ void broadcast_labels(const float* labels, float* out, int spatial, int n) {
    GRID_STRIDE_LAYOUT(i, n) { out[i] = labels[i / spatial]; }
}
