package org.mip.gateway.net.ul;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;
import org.mip.gateway.net.server.TransferSyntaxes;

/** Every negotiation rule of the acceptor (PS3.8 9.3, PS3.7 Annex D.3.3), without a channel. */
class AssociationAcceptorTest {
    static final String CT = UID.CTImageStorage;
    static final String MWL = "1.2.840.10008.5.1.4.31";
    static final String UNKNOWN_CLASS = "1.2.3.4.5.6.7";
    static final String EXPLICIT = UID.ExplicitVRLittleEndian;
    static final String IMPLICIT = UID.ImplicitVRLittleEndian;
    static final String JPEG = UID.JPEGBaseline8Bit;

    /** The policy DicomServer builds: supported classes, each with TransferSyntaxes.acceptedFor in our order. */
    static final Set<String> SUPPORTED = Set.of(UID.Verification, CT, MWL);
    static final PresentationPolicy POLICY = new PresentationPolicy() {
        @Override
        public List<String> transferSyntaxes(String sopClass) {
            return SUPPORTED.contains(sopClass)
                    ? PresentationPolicy.ourPreference(TransferSyntaxes.acceptedFor(sopClass)) : List.of();
        }

        @Override
        public boolean acceptsPeerScpRole(String sopClass) {
            return sopClass.equals(CT);
        }
    };

    final AssociationAcceptor acceptor = new AssociationAcceptor("MIPGW", aet -> !aet.equals("STRANGER"), POLICY,
            32768, 4);

    static AAssociateRq rq(List<PresentationContextRq> contexts, UserItem... extra) {
        List<UserItem> items = new ArrayList<>(List.of(new UserItem.MaximumLength(16384),
                new UserItem.ImplementationClassUid("1.2.3.4"), new UserItem.ImplementationVersionName("TEST")));
        items.addAll(List.of(extra));
        return new AAssociateRq("MIPGW", "MODALITY", contexts, new UserInformation(items));
    }

    static AAssociateRq rq(PresentationContextRq... contexts) {
        return rq(List.of(contexts));
    }

    AssociationAcceptor.Accept accept(AAssociateRq rq) {
        AssociationAcceptor.Negotiation n = acceptor.negotiate(rq);
        assertThat(n).isInstanceOf(AssociationAcceptor.Accept.class);
        return (AssociationAcceptor.Accept) n;
    }

    AAssociateRj reject(AAssociateRq rq) {
        AssociationAcceptor.Negotiation n = acceptor.negotiate(rq);
        assertThat(n).isInstanceOf(AssociationAcceptor.Reject.class);
        return ((AssociationAcceptor.Reject) n).rj();
    }

    static PresentationContextAc result(AAssociateAc ac, int id) {
        return ac.presentationContexts().stream().filter(pc -> pc.id() == id).findFirst().orElseThrow();
    }

    // ---- presentation contexts (PS3.8 9.3.3.2 Table 9-18)

    @Test
    void unsupportedAbstractSyntax_isRejectedWithResult3() {
        var a = accept(rq(new PresentationContextRq(1, UNKNOWN_CLASS, EXPLICIT, IMPLICIT),
                new PresentationContextRq(3, UID.Verification, IMPLICIT)));
        assertThat(result(a.ac(), 1).resultCode()).isEqualTo(3);
        assertThat(result(a.ac(), 1).result()).isEqualTo(PresentationContextAc.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        assertThat(result(a.ac(), 3).isAccepted()).isTrue();
        assertThat(a.accepted()).containsExactly(new PresentationContext(3, UID.Verification, IMPLICIT));
    }

    @Test
    void noTransferSyntaxInCommon_isRejectedWithResult4() {
        var a = accept(rq(new PresentationContextRq(1, UID.Verification, JPEG, "1.2.3.999")));
        assertThat(result(a.ac(), 1).resultCode()).isEqualTo(4);
        assertThat(result(a.ac(), 1).result()).isEqualTo(PresentationContextAc.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        assertThat(a.accepted()).isEmpty();
    }

    @Test
    void everyProposedContext_isAnsweredOnce_inTheOrderProposed() {
        var a = accept(rq(new PresentationContextRq(5, CT, EXPLICIT), new PresentationContextRq(1, UNKNOWN_CLASS, EXPLICIT),
                new PresentationContextRq(3, UID.Verification, "1.2.3")));
        assertThat(a.ac().presentationContexts()).extracting(PresentationContextAc::id).containsExactly(5, 1, 3);
        assertThat(a.ac().presentationContexts()).extracting(PresentationContextAc::resultCode).containsExactly(0, 3, 4);
    }

    @Test
    void ourPreference_explicitLittleEndianWins_whateverOrderTheRequestorProposes() {
        var a = accept(rq(new PresentationContextRq(1, UID.Verification, IMPLICIT, EXPLICIT),
                new PresentationContextRq(3, CT, UID.ExplicitVRBigEndian, IMPLICIT, EXPLICIT)));
        assertThat(result(a.ac(), 1).transferSyntax()).isEqualTo(EXPLICIT);
        assertThat(result(a.ac(), 3).transferSyntax()).isEqualTo(EXPLICIT);
    }

    @Test
    void ourPreference_implicitLittleEndianBeforeOtherUncompressed() {
        var a = accept(rq(new PresentationContextRq(1, CT, UID.ExplicitVRBigEndian, IMPLICIT)));
        assertThat(result(a.ac(), 1).transferSyntax()).isEqualTo(IMPLICIT);
    }

    @Test
    void ourPreference_explicitThenImplicit_thenTheOthersOnceEach_inTheOrderGiven() {
        assertThat(PresentationPolicy.ourPreference(List.of(UID.JPEGBaseline8Bit, IMPLICIT, UID.RLELossless,
                UID.JPEGBaseline8Bit, EXPLICIT, UID.RLELossless)))
                .containsExactly(EXPLICIT, IMPLICIT, UID.JPEGBaseline8Bit, UID.RLELossless);
    }

    @Test
    void uncompressedWinsOverEncapsulated_whenBothAreProposedForStorage() {
        var a = accept(rq(new PresentationContextRq(1, CT, JPEG, IMPLICIT)));
        assertThat(result(a.ac(), 1).transferSyntax()).isEqualTo(IMPLICIT);
    }

    @Test
    void encapsulatedSyntax_isAcceptedForStorageClasses() {
        var a = accept(rq(new PresentationContextRq(1, CT, JPEG), new PresentationContextRq(3, CT, UID.RLELossless),
                new PresentationContextRq(5, CT, UID.JPEG2000Lossless)));
        assertThat(a.accepted()).extracting(PresentationContext::transferSyntax)
                .containsExactly(JPEG, UID.RLELossless, UID.JPEG2000Lossless);
    }

    @Test
    void encapsulatedSyntax_isRefusedForNonStorageClasses() {
        var a = accept(rq(new PresentationContextRq(1, UID.Verification, JPEG),
                new PresentationContextRq(3, MWL, UID.RLELossless)));
        assertThat(result(a.ac(), 1).resultCode()).isEqualTo(4);
        assertThat(result(a.ac(), 3).resultCode()).isEqualTo(4);
    }

    @Test
    void evenOrDuplicateContextIds_areRejectedWithoutReason() {
        var a = accept(rq(new PresentationContextRq(2, UID.Verification, IMPLICIT),
                new PresentationContextRq(3, UID.Verification, IMPLICIT),
                new PresentationContextRq(3, CT, IMPLICIT)));
        assertThat(a.ac().presentationContexts()).extracting(PresentationContextAc::resultCode).containsExactly(2, 0, 2);
        assertThat(a.accepted()).containsExactly(new PresentationContext(3, UID.Verification, IMPLICIT));
    }

    @Test
    void contextWithoutTransferSyntax_isRejected() {
        var a = accept(rq(new PresentationContextRq(1, UID.Verification, List.of())));
        assertThat(result(a.ac(), 1).isAccepted()).isFalse();
        assertThat(a.accepted()).isEmpty();
    }

    @Test
    void emptyPresentationContextList_isRejectedPermanentlyByTheServiceUser() {
        // PS3.8 9.3.2 Table 9-11: the variable items hold "one or more Presentation Context Items".
        AAssociateRj rj = reject(rq(List.of()));
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.REJECTED_PERMANENT);
        assertThat(rj.source()).isEqualTo(AAssociateRj.Source.SERVICE_USER);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.USER_NO_REASON_GIVEN);
    }

    // ---- user information (PS3.7 D.3.3, PS3.8 D.1)

    @Test
    void maxPduLength_isAnnounced_andImplementationIdentified() {
        UserInformation ui = accept(rq(new PresentationContextRq(1, UID.Verification, IMPLICIT))).ac().userInformation();
        assertThat(ui.maximumLength()).hasValue(32768);
        assertThat(ui.implementationClassUid()).hasValue(Implementation.CLASS_UID);
        assertThat(ui.implementationVersionName()).hasValue(Implementation.VERSION_NAME);
        // PS3.8 9.3.1: sub-items in increasing item type order.
        assertThat(ui.items()).extracting(UserItem::itemType).isSorted();
    }

    @Test
    void asyncOperationsWindow_isAnsweredOnlyWhenProposed() {
        UserInformation none = accept(rq(new PresentationContextRq(1, UID.Verification, IMPLICIT))).ac().userInformation();
        assertThat(none.asyncOperationsWindow()).isEmpty();
    }

    /**
     * PS3.7 D.3.3.3.2 Table D.3-8: the AC's fields are the acceptor's own invoked/performed values; we
     * invoke nothing on the requestor (1) and perform no more than it may invoke nor than we allow.
     */
    @Test
    void asyncOperationsWindow_performedIsTheSmallerOfTheirsAndOurs_andWeInvokeOne() {
        UserItem.AsyncOperationsWindow few = windowAnswer(new UserItem.AsyncOperationsWindow(2, 5));
        assertThat(few).isEqualTo(new UserItem.AsyncOperationsWindow(1, 2));
        UserItem.AsyncOperationsWindow many = windowAnswer(new UserItem.AsyncOperationsWindow(50, 1));
        assertThat(many).isEqualTo(new UserItem.AsyncOperationsWindow(1, 4));
        // 0 is "unlimited" (PS3.7 D.3.3.3): we still perform at most our own maximum.
        UserItem.AsyncOperationsWindow unlimited = windowAnswer(new UserItem.AsyncOperationsWindow(0, 0));
        assertThat(unlimited).isEqualTo(new UserItem.AsyncOperationsWindow(1, 4));
    }

    private UserItem.AsyncOperationsWindow windowAnswer(UserItem.AsyncOperationsWindow proposed) {
        return accept(rq(List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), proposed)).ac()
                .userInformation().asyncOperationsWindow().orElseThrow();
    }

    @Test
    void roleSelection_eachProposalAnswered_scpRoleOnlyWhereWeActAsScu() {
        var a = accept(rq(List.of(new PresentationContextRq(1, CT, EXPLICIT), new PresentationContextRq(3, MWL, EXPLICIT),
                        new PresentationContextRq(5, UID.Verification, EXPLICIT)),
                new UserItem.RoleSelection(CT, true, true), new UserItem.RoleSelection(MWL, true, true),
                new UserItem.RoleSelection(UID.Verification, false, true)));
        assertThat(a.ac().userInformation().itemsOf(UserItem.RoleSelection.class)).containsExactly(
                new UserItem.RoleSelection(CT, true, true),
                new UserItem.RoleSelection(MWL, true, false),
                // a role not proposed is never granted (PS3.7 D.3.3.4: the acceptor may only accept or reject)
                new UserItem.RoleSelection(UID.Verification, false, false));
    }

    @Test
    void noRoleSelectionProposed_noneAnswered() {
        var a = accept(rq(new PresentationContextRq(1, CT, EXPLICIT)));
        assertThat(a.ac().userInformation().itemsOf(UserItem.RoleSelection.class)).isEmpty();
    }

    @Test
    void userIdentity_isRecordedOnTheRequest_butNoPositiveResponseIsSent() {
        UserItem.UserIdentityRq identity = UserItem.UserIdentityRq.username("tech1", "secret", true);
        AAssociateRq request = rq(List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), identity);
        var a = accept(request);
        // PS3.7 D.3.3.7.2: the response sub-item is only sent when the identity was checked.
        assertThat(a.ac().userInformation().userIdentityAc()).isEmpty();
        assertThat(a.ac().userInformation().items()).noneMatch(i -> i.itemType() == UserItem.UserIdentityAc.TYPE);
        assertThat(request.userInformation().userIdentityRq()).contains(identity);
        assertThat(identity.toString()).doesNotContain("tech1").doesNotContain("secret");
    }

    @Test
    void extendedNegotiation_isKeptOnTheRequest_andNotAnswered() {
        UserItem.SopClassExtendedNegotiation ext = new UserItem.SopClassExtendedNegotiation(CT,
                "\u0001".getBytes(StandardCharsets.US_ASCII));
        AAssociateRq request = rq(List.of(new PresentationContextRq(1, CT, EXPLICIT)), ext);
        var a = accept(request);
        // PS3.7 D.3.3.5: no answer means no extended behaviour is agreed.
        assertThat(a.ac().userInformation().itemsOf(UserItem.SopClassExtendedNegotiation.class)).isEmpty();
        assertThat(request.userInformation().itemsOf(UserItem.SopClassExtendedNegotiation.class)).containsExactly(ext);
    }

    @Test
    void accept_echoesTheRequestsAeTitlesAndApplicationContext() {
        AAssociateAc ac = accept(rq(new PresentationContextRq(1, UID.Verification, IMPLICIT))).ac();
        assertThat(ac.calledAeTitle()).isEqualTo("MIPGW");
        assertThat(ac.callingAeTitle()).isEqualTo("MODALITY");
        assertThat(ac.applicationContext()).isEqualTo(ApplicationContext.DICOM);
        assertThat(ac.protocolVersion()).isEqualTo(AAssociateRq.PROTOCOL_VERSION_1);
    }

    // ---- A-ASSOCIATE-RJ (PS3.8 9.3.4 Table 9-21)

    @Test
    void wrongApplicationContext_isRejected_applicationContextNameNotSupported() {
        AAssociateRq bad = new AAssociateRq(1, "MIPGW", "MODALITY", new ApplicationContext("1.2.3.4.5"),
                List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), UserInformation.of());
        AAssociateRj rj = reject(bad);
        assertThat(rj.resultCode()).isEqualTo(1);
        assertThat(rj.sourceCode()).isEqualTo(1);
        assertThat(rj.reasonCode()).isEqualTo(2);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
    }

    @Test
    void protocolVersionWithoutBit0_isRejectedByTheAcseProvider() {
        AAssociateRq bad = new AAssociateRq(2, "MIPGW", "MODALITY", ApplicationContext.DICOM,
                List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), UserInformation.of());
        AAssociateRj rj = reject(bad);
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.REJECTED_PERMANENT);
        assertThat(rj.source()).isEqualTo(AAssociateRj.Source.SERVICE_PROVIDER_ACSE);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.PROTOCOL_VERSION_NOT_SUPPORTED);
        // only bit 0 is tested (PS3.8 9.3.2)
        AAssociateRq v3 = new AAssociateRq(3, "MIPGW", "MODALITY", ApplicationContext.DICOM,
                List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), UserInformation.of());
        accept(v3);
    }

    @Test
    void calledAeTitleNotOurs_isRejected_reason7() {
        AAssociateRq bad = new AAssociateRq("OTHER", "MODALITY", List.of(new PresentationContextRq(1, UID.Verification,
                IMPLICIT)), UserInformation.of());
        AAssociateRj rj = reject(bad);
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.REJECTED_PERMANENT);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.CALLED_AE_TITLE_NOT_RECOGNIZED);
        assertThat(rj.reasonCode()).isEqualTo(7);
    }

    @Test
    void callingAeTitleNotAllowed_isRejected_reason3() {
        AAssociateRq bad = new AAssociateRq("MIPGW", "STRANGER", List.of(new PresentationContextRq(1, UID.Verification,
                IMPLICIT)), UserInformation.of());
        AAssociateRj rj = reject(bad);
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.REJECTED_PERMANENT);
        assertThat(rj.reason()).isEqualTo(AAssociateRj.Reason.CALLING_AE_TITLE_NOT_RECOGNIZED);
        assertThat(rj.reasonCode()).isEqualTo(3);
    }

    @Test
    void applicationContext_isCheckedBeforeAeTitles() {
        AAssociateRq bad = new AAssociateRq(1, "OTHER", "STRANGER", new ApplicationContext("1.2.3"),
                List.of(new PresentationContextRq(1, UID.Verification, IMPLICIT)), UserInformation.of());
        assertThat(reject(bad).reason()).isEqualTo(AAssociateRj.Reason.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
    }

    @Test
    void localLimitExceeded_isTransient_fromThePresentationProvider() {
        AAssociateRj rj = AssociationAcceptor.localLimitExceeded();
        assertThat(rj.result()).isEqualTo(AAssociateRj.Result.REJECTED_TRANSIENT);
        assertThat(rj.sourceCode()).isEqualTo(3);
        assertThat(rj.reasonCode()).isEqualTo(2);
    }
}
