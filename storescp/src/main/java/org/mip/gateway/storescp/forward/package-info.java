/**
 * Forwarding to PACS: the durable queue {@link org.mip.gateway.storescp.forward.ForwardQueue} (filled by the
 * archive in the indexing transaction), the {@link org.mip.gateway.storescp.forward.ForwardService} senders
 * with retries and exponential backoff, and the C-STORE SCU behind
 * {@link org.mip.gateway.storescp.forward.ForwardSender}.
 */
package org.mip.gateway.storescp.forward;
