/** The seed's architectures as data ({@link dev.cgan.core.model.ModelCatalog}) and the generator and discriminator built from them. */
package dev.cgan.core.model;
