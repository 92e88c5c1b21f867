package org.mip.gateway.net.ul;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the upper layer reports associations for auditing (event {@value #ACTION}). Called on the event
 * loop: implementations must not block.
 */
@FunctionalInterface
public interface AssociationAudit {
    /** The audit action of every association event. */
    String ACTION = "DICOM_ASSOCIATION";

    /** Audits nothing. */
    AssociationAudit NONE = (outcome, actor, source, detail) -> {};

    void record(AuditEvent.Outcome outcome, String actor, String source, String detail);

    /** Writes to {@code log} on {@code executor}, since an audit write is a blocking database commit. */
    static AssociationAudit to(AuditLog log, Executor executor) {
        Logger logger = LoggerFactory.getLogger(AssociationAudit.class);
        return (outcome, actor, source, detail) -> {
            try {
                executor.execute(() -> {
                    try {
                        log.record(ACTION, outcome, actor, source, detail);
                    } catch (RuntimeException e) {
                        logger.warn("Audit of association from {} failed: {}", source, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                logger.warn("Audit of association from {} dropped: audit executor refused it", source);
            }
        };
    }
}
