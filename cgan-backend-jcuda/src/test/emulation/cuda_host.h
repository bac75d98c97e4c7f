// Runs the backend's CUDA C kernels on the host, for checking their arithmetic against PyTorch where there is no GPU.
// Every thread of a block is a std::thread, __syncthreads is a barrier across them, __shared__ arrays are shared
// (static) storage, and blocks run one after another. Only the features the kernels use are provided.
#pragma once
#include <barrier>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

struct cgan_dim3 {
    unsigned x = 0, y = 0, z = 0;
};

extern thread_local cgan_dim3 threadIdx;
extern thread_local cgan_dim3 blockIdx;
extern cgan_dim3 blockDim;
extern cgan_dim3 gridDim;

#define __global__
#define __device__
#define __shared__ static

void __syncthreads();

// Runs body() as a grid of `blocks` blocks of `threads` threads.
void cgan_launch(int blocks, int threads, const std::function<void()>& body);
