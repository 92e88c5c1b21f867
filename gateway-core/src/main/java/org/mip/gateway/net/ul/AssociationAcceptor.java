package org.mip.gateway.net.ul;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

/**
 * The acceptor's answer to an A-ASSOCIATE-RQ: a pure function from request to A-ASSOCIATE-AC or -RJ,
 * so that every rule can be tested without a channel. The concurrent-association limit is the
 * caller's (it is state, not policy).
 *
 * <p>Order of the checks, each answered by A-ASSOCIATE-RJ with result rejected-permanent (PS3.8 9.3.4
 * Table 9-21): protocol version (source service-provider ACSE, reason 2), application context name
 * (service-user, reason 2), called AE title (service-user, reason 7), calling AE title (service-user,
 * reason 3), a request without presentation contexts (service-user, reason 1: PS3.8 9.3.2 Table 9-11
 * requires one or more Presentation Context Items).
 */
public final class AssociationAcceptor {

    /** The outcome of {@link #negotiate}. */
    public sealed interface Negotiation permits Accept, Reject {}

    /** Accept with {@code ac}; {@code accepted} are the contexts it accepts. */
    public record Accept(AAssociateAc ac, List<PresentationContext> accepted) implements Negotiation {}

    /** Reject with {@code rj}; {@code why} is for the log. */
    public record Reject(AAssociateRj rj, String why) implements Negotiation {}

    private final String aeTitle;
    private final Predicate<String> callingAllowed;
    private final PresentationPolicy policy;
    private final int maxPduLength;
    private final int maxOpsPerformed;

    /**
     * @param aeTitle our AE title: the called AE title must equal it (PS3.8: spaces trimmed)
     * @param callingAllowed the calling AE titles let in
     * @param policy supported abstract and transfer syntaxes
     * @param maxPduLength the Maximum Length we announce (51H, PS3.8 D.1): the decoder's limit
     * @param maxOpsPerformed the asynchronous operations we perform at once (53H, PS3.7 D.3.3.3); 1 is
     *     synchronous operation, which is also what omitting the sub-item means
     */
    public AssociationAcceptor(String aeTitle, Predicate<String> callingAllowed, PresentationPolicy policy,
            int maxPduLength, int maxOpsPerformed) {
        this.aeTitle = Objects.requireNonNull(aeTitle).strip();
        this.callingAllowed = Objects.requireNonNull(callingAllowed);
        this.policy = Objects.requireNonNull(policy);
        this.maxPduLength = maxPduLength;
        this.maxOpsPerformed = maxOpsPerformed;
    }

    public String aeTitle() {
        return aeTitle;
    }

    public int maxPduLength() {
        return maxPduLength;
    }

    /** The A-ASSOCIATE-RJ for a request beyond the concurrent-association limit (transient, reason 2). */
    public static AAssociateRj localLimitExceeded() {
        return AAssociateRj.of(AAssociateRj.Result.REJECTED_TRANSIENT, AAssociateRj.Reason.LOCAL_LIMIT_EXCEEDED);
    }

    /** Protocol version check (PS3.8 9.3.2: only bit 0 is tested). */
    public static AAssociateRj checkProtocolVersion(AAssociateRq rq) {
        return rq.supportsVersion1() ? null
                : AAssociateRj.of(AAssociateRj.Result.REJECTED_PERMANENT,
                        AAssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED);
    }

    public Negotiation negotiate(AAssociateRq rq) {
        if (checkProtocolVersion(rq) != null) {
            return new Reject(checkProtocolVersion(rq), "protocol version " + rq.protocolVersion() + " not supported");
        }
        if (!ApplicationContext.DICOM.equals(rq.applicationContext())) {
            return reject(AAssociateRj.Reason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                    "application context " + rq.applicationContext().name() + " not supported");
        }
        if (rq.calledAeTitle().isBlank() || !aeTitle.equals(rq.calledAeTitle().strip())) {
            return reject(AAssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED,
                    "called AE title '" + rq.calledAeTitle() + "' is not ours");
        }
        if (rq.callingAeTitle().isBlank() || !callingAllowed.test(rq.callingAeTitle().strip())) {
            return reject(AAssociateRj.Reason.CALLING_AE_TITLE_NOT_RECOGNIZED,
                    "calling AE title '" + rq.callingAeTitle() + "' is not allowed");
        }
        if (rq.presentationContexts().isEmpty()) {
            return reject(AAssociateRj.Reason.USER_NO_REASON_GIVEN, "no presentation context proposed");
        }
        List<PresentationContextAc> results = new ArrayList<>();
        List<PresentationContext> accepted = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            String first = pc.transferSyntaxes().isEmpty() ? null : pc.transferSyntaxes().get(0);
            // PS3.8 9.3.2.2: IDs are odd and unique within the association.
            if ((pc.id() & 1) == 0 || !seen.add(pc.id())) {
                results.add(PresentationContextAc.rejected(pc.id(), PresentationContextAc.Result.NO_REASON, first));
                continue;
            }
            List<String> ours = policy.transferSyntaxes(pc.abstractSyntax());
            if (ours.isEmpty()) {
                results.add(PresentationContextAc.rejected(pc.id(),
                        PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED, first));
                continue;
            }
            String chosen = null;
            for (String ts : ours) {
                if (pc.transferSyntaxes().contains(ts)) {
                    chosen = ts;
                    break;
                }
            }
            if (chosen == null) {
                results.add(PresentationContextAc.rejected(pc.id(),
                        PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, first));
            } else {
                results.add(PresentationContextAc.accepted(pc.id(), chosen));
                accepted.add(new PresentationContext(pc.id(), pc.abstractSyntax(), chosen));
            }
        }
        return new Accept(new AAssociateAc(rq, results, userInformation(rq.userInformation())), List.copyOf(accepted));
    }

    private static Reject reject(AAssociateRj.Reason reason, String why) {
        return new Reject(AAssociateRj.of(AAssociateRj.Result.REJECTED_PERMANENT, reason), why);
    }

    private UserInformation userInformation(UserInformation rq) {
        List<UserItem> items = new ArrayList<>();
        items.add(new UserItem.MaximumLength(maxPduLength));
        items.add(new UserItem.ImplementationClassUid(Implementation.CLASS_UID));
        // PS3.7 D.3.3.3: answered only when proposed; we invoke nothing on the peer's behalf (1), and
        // perform at most maxOpsPerformed at once, fewer if the peer invokes fewer (0 = unlimited).
        rq.asyncOperationsWindow().ifPresent(w -> items.add(new UserItem.AsyncOperationsWindow(
                1, w.maxOperationsInvoked() == 0 ? maxOpsPerformed : Math.min(w.maxOperationsInvoked(), maxOpsPerformed))));
        // PS3.7 D.3.3.4: each proposed role is answered; the SCU role is the usual one for a peer
        // calling us, the SCP role only where the policy has us act as SCU.
        for (UserItem.RoleSelection role : rq.itemsOf(UserItem.RoleSelection.class)) {
            items.add(new UserItem.RoleSelection(role.sopClassUid(), role.scuRole(),
                    role.scpRole() && policy.acceptsPeerScpRole(role.sopClassUid())));
        }
        items.add(new UserItem.ImplementationVersionName(Implementation.VERSION_NAME));
        // SOP Class Extended Negotiation (56H) is kept on the association for the services; no answer
        // means no extended behaviour (PS3.7 D.3.3.5). User identity (58H) is recorded, not verified, so no
        // positive response (59H) is sent (PS3.7 D.3.3.7.2).
        return new UserInformation(items);
    }
}
