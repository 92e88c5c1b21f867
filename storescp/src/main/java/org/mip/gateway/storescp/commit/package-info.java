/**
 * Storage Commitment Push Model SCP (PS3.4 Annex J): N-ACTION answered at once, the N-EVENT-REPORT computed
 * from the index and sent through a {@link org.mip.gateway.storescp.commit.CommitmentReportSender}.
 */
package org.mip.gateway.storescp.commit;
