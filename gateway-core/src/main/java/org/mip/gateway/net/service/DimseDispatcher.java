package org.mip.gateway.net.service;

import java.io.IOException;
import java.util.Objects;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.DimseResponse;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request with the service the {@link ServiceRegistry} names for its SOP class and command,
 * and makes sure the peer gets exactly one final response whatever the service does:
 * <ul>
 *   <li>no service for the SOP class: 0122H SOP class not supported; a service for the SOP class but
 *       not for this command: 0211H unrecognized operation (PS3.7 C.5.x);</li>
 *   <li>{@link DimseStatusException}: its status and Error Comment;</li>
 *   <li>any other exception: {@link Status#unexpectedError} with a generic comment, the exception
 *       logged once (WARN, with stack trace);</li>
 *   <li>a service that returns without a final response: the same, logged as a service bug.</li>
 * </ul>
 * The request's data set is closed afterwards, so an unread rest is discarded and never stalls the
 * association. Run it on a worker thread; it blocks as long as the service does.
 */
public final class DimseDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DimseDispatcher.class);

    private final ServiceRegistry registry;

    public DimseDispatcher(ServiceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public ServiceRegistry registry() {
        return registry;
    }

    /** Serves {@code request} to its final response; never throws. */
    public void dispatch(ServiceRequest request, DimseResponder responder) {
        DimseRequest command = request.command();
        TrackingResponder tracking = new TrackingResponder(responder);
        try {
            DimseService service = registry.lookup(command.sopClassUid(), command.commandField()).orElse(null);
            if (service == null) {
                boolean knownClass = registry.supports(command.sopClassUid());
                int status = knownClass ? Status.UnrecognizedOperation : Status.SOPClassNotSupported;
                LOG.info("{} from {} refused: {} for SOP class {}", command.commandField(), request.association(),
                        Status.name(status), command.sopClassUid());
                tracking.send(command.response(status, ErrorInfo.comment(knownClass
                        ? command.commandField() + " not supported for this SOP class"
                        : "SOP class not supported")), null);
                return;
            }
            try {
                service.onRequest(request, tracking);
                if (!tracking.finalSent) {
                    LOG.error("{} for {} from {}: service {} returned without a final response",
                            command.commandField(), command.sopClassUid(), request.association(), service);
                    tracking.send(command.response(Status.unexpectedError(command.commandField()),
                            ErrorInfo.comment("Internal error: no response")), null);
                }
            } catch (DimseStatusException e) {
                if (finalFailure(tracking, command, e.status(), e.errorInfo())) {
                    LOG.info("{} from {} answered {}{}", command.commandField(), request.association(),
                            Status.toString(e.status()), e.errorInfo().errorComment() != null
                                    ? ": " + e.errorInfo().errorComment() : "");
                } else if (tracking.finalSent) {
                    LOG.warn("{} from {}: {} thrown after the final response; not sent", command.commandField(),
                            request.association(), Status.toString(e.status()));
                }
            } catch (IOException e) {
                if (tracking.sendFailed) {
                    LOG.debug("{} from {}: association gone: {}", command.commandField(), request.association(),
                            e.toString());
                } else {
                    unexpected(request, tracking, service, e);
                }
            } catch (Exception e) {
                unexpected(request, tracking, service, e);
            }
        } catch (IOException e) {
            LOG.debug("{} from {}: could not send the response: {}", command.commandField(), request.association(),
                    e.toString());
        } finally {
            if (request.dataSet() != null) {
                try {
                    request.dataSet().close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the data set of {} failed", command.commandField(), e);
                }
            }
        }
    }

    private static void unexpected(ServiceRequest request, TrackingResponder tracking, DimseService service,
                                   Exception e) throws IOException {
        DimseRequest command = request.command();
        int status = Status.unexpectedError(command.commandField());
        if (tracking.finalSent) {
            LOG.warn("{} for {} from {} failed in {} after its final response", command.commandField(),
                    command.sopClassUid(), request.association(), service, e);
            return;
        }
        LOG.warn("{} for {} from {} failed in {}: answering {}", command.commandField(), command.sopClassUid(),
                request.association(), service, Status.toString(status), e);
        finalFailure(tracking, command, status, ErrorInfo.comment(Status.name(status)));
    }

    /** Sends a final failure unless a final response went out already or the association is gone. */
    private static boolean finalFailure(TrackingResponder tracking, DimseRequest command, int status,
                                        ErrorInfo error) throws IOException {
        if (tracking.finalSent || tracking.sendFailed) {
            return false;
        }
        tracking.send(command.response(status, error), null);
        return true;
    }

    /** Counts final responses and remembers whether the association failed under a send. */
    private static final class TrackingResponder implements DimseResponder {
        private final DimseResponder delegate;
        volatile boolean finalSent;
        volatile boolean sendFailed;

        TrackingResponder(DimseResponder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void send(DimseResponse response, Attributes dataSet) throws IOException {
            if (finalSent) {
                throw new IllegalStateException("a final response was already sent for message "
                        + response.messageIdBeingRespondedTo());
            }
            if (response.hasDataSet() != (dataSet != null)) {
                throw new IllegalArgumentException(response.commandField() + (response.hasDataSet()
                        ? " announces a data set but none was given" : " has no data set but one was given"));
            }
            try {
                delegate.send(response, dataSet);
            } catch (IOException e) {
                sendFailed = true;
                throw e;
            }
            if (!response.isPending()) {
                finalSent = true;
            }
        }
    }
}
