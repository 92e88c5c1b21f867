/**
 * Worklist reconciliation: {@link org.mip.gateway.storescp.reconcile.WorklistLink} (implemented by the
 * application over the worklist service) and {@link org.mip.gateway.storescp.reconcile.Reconciler}, which
 * links new studies to their booking and counts demographic mismatches without rewriting anything.
 */
package org.mip.gateway.storescp.reconcile;
