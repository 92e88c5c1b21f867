package org.mip.gateway.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Builds the gateway's one {@link HapiContext}. The launcher creates it once and passes it to the
 * MLLP receiver, the report service and the outbox sender; nothing holds it statically.
 *
 * <p>Parsing is lenient where real senders are sloppy (field lengths, data type formats, unknown
 * OBX-2 types, extra or Z segments are accepted): HAPI's validation is off. What matters is checked by
 * the applications themselves, which answer AE naming the field (missing PID-3, a bad date, a missing
 * accession number, ...).
 */
public final class Hl7Contexts {
    private Hl7Contexts() {}

    public static HapiContext newContext(ControlIds controlIds) {
        DefaultHapiContext ctx = new DefaultHapiContext();
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        ParserConfiguration pc = ctx.getParserConfiguration();
        pc.setIdGenerator(controlIds);
        pc.setValidating(false);
        pc.setAllowUnknownVersions(true); // so an unsupported version still gets an AR in its own version
        pc.setDefaultObx2Type("ST");
        pc.setInvalidObx2Type("ST");
        pc.setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.ADD_INLINE);
        return ctx;
    }
}
