#include "cuda_host.h"

#include <memory>

thread_local cgan_dim3 threadIdx;
thread_local cgan_dim3 blockIdx;
cgan_dim3 blockDim;
cgan_dim3 gridDim;

static std::unique_ptr<std::barrier<>> block_barrier;

void __syncthreads() {
    block_barrier->arrive_and_wait();
}

void cgan_launch(int blocks, int threads, const std::function<void()>& body) {
    gridDim.x = blocks;
    blockDim.x = threads;
    for (int b = 0; b < blocks; b++) {
        block_barrier = std::make_unique<std::barrier<>>(threads);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; t++) {
            pool.emplace_back([b, t, &body] {
                blockIdx.x = b;
                threadIdx.x = t;
                body();
            });
        }
        for (auto& th : pool) {
            th.join();
        }
    }
}
