/**
 * Deliberately bad classes, one or more per layer rule, so {@code ArchitectureTest} shows that each
 * rule fails on a violation. Never loaded by the product.
 */
package io.cdcorchestrator.archfixture;
