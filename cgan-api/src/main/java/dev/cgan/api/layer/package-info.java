/** Layer specifications (records with PyTorch's semantics and weight layouts) and the layers backends build from them. */
package dev.cgan.api.layer;
