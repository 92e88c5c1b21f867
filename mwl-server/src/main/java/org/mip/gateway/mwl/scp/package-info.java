/**
 * The worklist module on the network: {@link org.mip.gateway.mwl.scp.MwlFindScp} (Modality Worklist
 * Information Model – FIND, PS3.4 K) and {@link org.mip.gateway.mwl.scp.MppsScp} (Modality Performed Procedure
 * Step, PS3.4 F.7), both thin adapters from DIMSE to {@code mwl.query.WorklistQuery} and {@code
 * mwl.mpps.MppsService}; {@link org.mip.gateway.mwl.scp.MwlServices} hands both to the gateway's {@code
 * ServiceRegistry}:
 *
 * <pre>{@code
 * ServiceRegistry.Builder registry = ServiceRegistry.builder().add(new VerificationService());
 * MwlServices.addTo(registry, worklistModule);   // may run before the module is started
 * }</pre>
 *
 * <p>The services resolve the module's query engine and MPPS logic per request, so the registry can be built
 * before {@code WorklistModule.start()}; a request that arrives before it (or after a stop) is answered with a
 * failure status, never by a crash of the association. Both run on the DICOM server's worker pool (blocking
 * JDBC), never on an event loop.
 */
package org.mip.gateway.mwl.scp;
