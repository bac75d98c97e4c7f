/** Reading and writing the safetensors container (JSON header plus little-endian data). */
package dev.cgan.core.safetensors;
