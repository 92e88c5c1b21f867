/**
 * Service class providers and how requests reach them: {@link
 * org.mip.gateway.net.service.DimseService} (one contract for all DIMSE requests), {@link
 * org.mip.gateway.net.service.ServiceRegistry} (by SOP class and command), {@link
 * org.mip.gateway.net.service.DimseDispatcher} (status mapping, exactly one final response), {@link
 * org.mip.gateway.net.service.FindTask} (C-FIND pending responses and C-CANCEL), and the interfaces the
 * association layer implements: {@link org.mip.gateway.net.service.DimseResponder} and {@link
 * org.mip.gateway.net.service.IncomingDataSet}.
 *
 * <p>How the association layer wires it: on each command from the {@code DimseReader} (event loop),
 * start a {@link org.mip.gateway.net.service.CancelToken} in the association's {@link
 * org.mip.gateway.net.service.ActiveRequests} (a duplicate Message ID is answered 0210H), wrap the data
 * set's {@code DataSetStream} (flow control = the channel's auto-read) as an {@code IncomingDataSet},
 * and run {@code dispatcher.dispatch(request, responder)} on a bounded worker executor; on C-CANCEL-RQ
 * call {@code activeRequests.cancel(messageIdBeingRespondedTo)}; after the final response {@code
 * finish} the Message ID. The responder encodes the response data set in the presentation context's
 * transfer syntax and sends the fragments of a {@code DimseWriter}.
 */
package org.mip.gateway.net.service;
