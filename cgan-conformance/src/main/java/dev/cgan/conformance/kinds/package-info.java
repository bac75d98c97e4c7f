/**
 * Running each kind of conformance case (layer, loss, optimizer, model, trajectory, tensorop) on a backend through the
 * cgan API alone, collecting the results the fixture has expectations for. Internal to the conformance module.
 */
package dev.cgan.conformance.kinds;
