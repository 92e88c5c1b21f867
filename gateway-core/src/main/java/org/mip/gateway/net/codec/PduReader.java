package org.mip.gateway.net.codec;

import static org.mip.gateway.net.pdu.AAbort.Reason.INVALID_PDU_PARAMETER_VALUE;
import static org.mip.gateway.net.pdu.AAbort.Reason.UNEXPECTED_PDU_PARAMETER;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRj;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.AReleaseRq;
import org.mip.gateway.net.pdu.AeTitle;
import org.mip.gateway.net.pdu.ApplicationContext;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.pdu.UnknownPdu;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

/**
 * Parses the body of one complete PDU (the bytes after the 6-byte header) held in a {@link ByteBuf}
 * between absolute indexes; it never reads outside them and never moves the buffer's indexes.
 * Every length field is checked against the bytes that remain before it is used, so no allocation
 * exceeds the PDU. Structural errors throw {@link PduFormatException}.
 *
 * <p>What is checked: fixed PDU lengths, that each item and sub-item fits its parent, exact lengths
 * of fixed-size sub-items, PDV item lengths of at least 2, a non-blank AE title in a request, exactly
 * one Application Context Item, at most one User Information Item, exactly one Abstract Syntax
 * Sub-Item per requested context, at most one Transfer Syntax Sub-Item per accepted context (present
 * when accepted). Items of unrecognized types are skipped (PS3.8 9.3.1); unknown user information
 * sub-items are kept. Everything else (odd context IDs, supported versions and syntaxes, a missing
 * Maximum Length) is left to the upper layer.
 */
final class PduReader {
    /** PDU bytes 7-74 of A-ASSOCIATE-RQ/AC: version, reserved, two AE titles, 32 reserved bytes. */
    static final int ASSOCIATE_FIXED_LENGTH = 68;
    /** PDU length of A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT. */
    static final int FIXED_PDU_LENGTH = 4;

    private PduReader() {}

    /** Parses the body at {@code [start, start + length)}; a P-DATA-TF gets retained slices of {@code buf}. */
    static Pdu read(int pduType, ByteBuf buf, int start, int length) throws PduFormatException {
        return switch (pduType) {
            case Pdu.A_ASSOCIATE_RQ -> readAssociate(true, buf, start, length);
            case Pdu.A_ASSOCIATE_AC -> readAssociate(false, buf, start, length);
            case Pdu.A_ASSOCIATE_RJ -> new AAssociateRj(buf.getUnsignedByte(fixed(start, length) + 1),
                    buf.getUnsignedByte(start + 2), buf.getUnsignedByte(start + 3));
            case Pdu.P_DATA_TF -> readPData(buf, start, length);
            case Pdu.A_RELEASE_RQ -> {
                fixed(start, length);
                yield AReleaseRq.INSTANCE;
            }
            case Pdu.A_RELEASE_RP -> {
                fixed(start, length);
                yield AReleaseRp.INSTANCE;
            }
            case Pdu.A_ABORT -> new AAbort(buf.getUnsignedByte(fixed(start, length) + 2),
                    buf.getUnsignedByte(start + 3));
            default -> new UnknownPdu(pduType, bytes(buf, start, length));
        };
    }

    private static int fixed(int start, int length) throws PduFormatException {
        if (length != FIXED_PDU_LENGTH) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "PDU length " + length + ", expected 4");
        }
        return start;
    }

    /** PS3.8 9.3.5: one or more PDV items, each item length at least 2 (context ID, control header). */
    private static PDataTf readPData(ByteBuf buf, int start, int length) throws PduFormatException {
        int end = start + length;
        int count = 0;
        for (int pos = start; pos < end; count++) {
            if (end - pos < 4) {
                throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                        "truncated PDV item header at PDU offset " + (pos - start + 6));
            }
            long itemLength = buf.getUnsignedInt(pos);
            if (itemLength < 2) {
                throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "PDV item length " + itemLength
                        + " at PDU offset " + (pos - start + 6) + ", minimum 2");
            }
            if (itemLength > end - pos - 4) {
                throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "PDV item length " + itemLength
                        + " at PDU offset " + (pos - start + 6) + " overruns the PDU");
            }
            pos += 4 + (int) itemLength;
        }
        if (count == 0) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without PDV items");
        }
        // Validated: now slice, so that nothing is retained when the PDU is refused.
        List<PresentationDataValue> pdvs = new ArrayList<>(count);
        for (int pos = start; pos < end; ) {
            int itemLength = (int) buf.getUnsignedInt(pos);
            int header = buf.getUnsignedByte(pos + 5);
            pdvs.add(new PresentationDataValue(buf.getUnsignedByte(pos + 4),
                    (header & PresentationDataValue.COMMAND_BIT) != 0,
                    (header & PresentationDataValue.LAST_BIT) != 0,
                    buf.retainedSlice(pos + PresentationDataValue.HEADER_LENGTH, itemLength - 2)));
            pos += 4 + itemLength;
        }
        return new PDataTf(pdvs);
    }

    /** PS3.8 9.3.2 Table 9-11 (RQ) and 9.3.3 Table 9-17 (AC). */
    private static Pdu readAssociate(boolean rq, ByteBuf buf, int start, int length) throws PduFormatException {
        String name = rq ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";
        if (length < ASSOCIATE_FIXED_LENGTH) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    name + " length " + length + " below its 68 fixed bytes");
        }
        int protocolVersion = buf.getUnsignedShort(start);
        String called = aeTitle(buf, start + 4);
        String calling = aeTitle(buf, start + 20);
        if (rq && AeTitle.isBlank(called)) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "blank Called-AE-title");
        }
        if (rq && AeTitle.isBlank(calling)) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "blank Calling-AE-title");
        }
        ApplicationContext applicationContext = null;
        List<PresentationContextRq> rqContexts = new ArrayList<>();
        List<PresentationContextAc> acContexts = new ArrayList<>();
        UserInformation userInformation = null;
        int end = start + length;
        int pos = start + ASSOCIATE_FIXED_LENGTH;
        while (pos < end) {
            int itemType = buf.getUnsignedByte(pos);
            int valueEnd = itemEnd(buf, pos, end, name);
            int value = pos + 4;
            switch (itemType) {
                case ApplicationContext.ITEM_TYPE -> {
                    if (applicationContext != null) {
                        throw unexpected("second Application Context Item in " + name);
                    }
                    applicationContext = new ApplicationContext(uid(buf, value, valueEnd - value));
                }
                case PresentationContextRq.ITEM_TYPE -> {
                    if (!rq) {
                        throw unexpected("Presentation Context Item 20H in A-ASSOCIATE-AC");
                    }
                    rqContexts.add(readContextRq(buf, value, valueEnd));
                }
                case PresentationContextAc.ITEM_TYPE -> {
                    if (rq) {
                        throw unexpected("Presentation Context Item 21H in A-ASSOCIATE-RQ");
                    }
                    acContexts.add(readContextAc(buf, value, valueEnd));
                }
                case UserInformation.ITEM_TYPE -> {
                    if (userInformation != null) {
                        throw unexpected("second User Information Item in " + name);
                    }
                    userInformation = readUserInformation(buf, value, valueEnd);
                }
                default -> {
                    // PS3.8 9.3.1: items of unrecognized types are ignored and skipped.
                }
            }
            pos = valueEnd;
        }
        if (applicationContext == null) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "no Application Context Item in " + name);
        }
        if (userInformation == null) {
            userInformation = new UserInformation(List.of());
        }
        return rq
                ? new AAssociateRq(protocolVersion, called, calling, applicationContext, rqContexts, userInformation)
                : new AAssociateAc(protocolVersion, called, calling, applicationContext, acContexts, userInformation);
    }

    /** PS3.8 9.3.2.2 Table 9-13: ID, 3 reserved bytes, Abstract Syntax (30H), Transfer Syntaxes (40H). */
    private static PresentationContextRq readContextRq(ByteBuf buf, int start, int end) throws PduFormatException {
        if (end - start < 4) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    "Presentation Context Item length " + (end - start) + ", minimum 4");
        }
        int id = buf.getUnsignedByte(start);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        for (int pos = start + 4; pos < end; ) {
            int type = buf.getUnsignedByte(pos);
            int valueEnd = itemEnd(buf, pos, end, "Presentation Context Item " + id);
            if (type == PresentationContextRq.ABSTRACT_SYNTAX) {
                if (abstractSyntax != null) {
                    throw unexpected("second Abstract Syntax Sub-Item in Presentation Context " + id);
                }
                abstractSyntax = uid(buf, pos + 4, valueEnd - pos - 4);
            } else if (type == PresentationContextRq.TRANSFER_SYNTAX) {
                transferSyntaxes.add(uid(buf, pos + 4, valueEnd - pos - 4));
            }
            pos = valueEnd;
        }
        if (abstractSyntax == null) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    "no Abstract Syntax Sub-Item in Presentation Context " + id);
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    /** PS3.8 9.3.3.2 Table 9-18: ID, reserved, result/reason, reserved, one Transfer Syntax (40H). */
    private static PresentationContextAc readContextAc(ByteBuf buf, int start, int end) throws PduFormatException {
        if (end - start < 4) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    "Presentation Context Item length " + (end - start) + ", minimum 4");
        }
        int id = buf.getUnsignedByte(start);
        int result = buf.getUnsignedByte(start + 2);
        String transferSyntax = null;
        for (int pos = start + 4; pos < end; ) {
            int type = buf.getUnsignedByte(pos);
            int valueEnd = itemEnd(buf, pos, end, "Presentation Context Item " + id);
            if (type == PresentationContextRq.TRANSFER_SYNTAX) {
                if (transferSyntax != null) {
                    throw unexpected("second Transfer Syntax Sub-Item in accepted Presentation Context " + id);
                }
                transferSyntax = uid(buf, pos + 4, valueEnd - pos - 4);
            }
            pos = valueEnd;
        }
        if (result == 0 && transferSyntax == null) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    "no Transfer Syntax Sub-Item in accepted Presentation Context " + id);
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    /** PS3.8 9.3.2.3 Table 9-16, sub-items per PS3.8 D.1 and PS3.7 D.3.3. */
    private static UserInformation readUserInformation(ByteBuf buf, int start, int end) throws PduFormatException {
        List<UserItem> items = new ArrayList<>();
        for (int pos = start; pos < end; ) {
            int type = buf.getUnsignedByte(pos);
            int valueEnd = itemEnd(buf, pos, end, "User Information Item");
            items.add(readUserItem(type, buf.getUnsignedByte(pos + 1), buf, pos + 4, valueEnd));
            pos = valueEnd;
        }
        return new UserInformation(items);
    }

    private static UserItem readUserItem(int type, int secondByte, ByteBuf buf, int start, int end)
            throws PduFormatException {
        int length = end - start;
        switch (type) {
            case UserItem.MaximumLength.TYPE -> {
                exactLength(type, length, 4);
                return new UserItem.MaximumLength(buf.getUnsignedInt(start));
            }
            case UserItem.ImplementationClassUid.TYPE -> {
                return new UserItem.ImplementationClassUid(uid(buf, start, length));
            }
            case UserItem.AsyncOperationsWindow.TYPE -> {
                exactLength(type, length, 4);
                return new UserItem.AsyncOperationsWindow(buf.getUnsignedShort(start), buf.getUnsignedShort(start + 2));
            }
            case UserItem.RoleSelection.TYPE -> {
                int uidLength = field16(buf, start, end, type);
                exactLength(type, length, 2 + uidLength + 2);
                int roles = start + 2 + uidLength;
                return new UserItem.RoleSelection(uid(buf, start + 2, uidLength),
                        buf.getUnsignedByte(roles) != 0, buf.getUnsignedByte(roles + 1) != 0);
            }
            case UserItem.ImplementationVersionName.TYPE -> {
                return new UserItem.ImplementationVersionName(uid(buf, start, length));
            }
            case UserItem.SopClassExtendedNegotiation.TYPE -> {
                int uidLength = field16(buf, start, end, type);
                int info = start + 2 + uidLength;
                return new UserItem.SopClassExtendedNegotiation(uid(buf, start + 2, uidLength),
                        bytes(buf, info, end - info));
            }
            case UserItem.SopClassCommonExtendedNegotiation.TYPE -> {
                int pos = start;
                int sopLength = field16(buf, pos, end, type);
                String sopClass = uid(buf, pos + 2, sopLength);
                pos += 2 + sopLength;
                int serviceLength = field16(buf, pos, end, type);
                String serviceClass = uid(buf, pos + 2, serviceLength);
                pos += 2 + serviceLength;
                int relatedLength = field16(buf, pos, end, type);
                pos += 2;
                exactLength(type, length, pos - start + relatedLength);
                List<String> related = new ArrayList<>();
                for (int relatedEnd = pos + relatedLength; pos < relatedEnd; ) {
                    int uidLength = field16(buf, pos, relatedEnd, type);
                    related.add(uid(buf, pos + 2, uidLength));
                    pos += 2 + uidLength;
                }
                return new UserItem.SopClassCommonExtendedNegotiation(secondByte, sopClass, serviceClass, related);
            }
            case UserItem.UserIdentityRq.TYPE -> {
                if (length < 2) {
                    throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                            "User Identity Sub-Item length " + length + ", minimum 6");
                }
                int pos = start + 2;
                int primaryLength = field16(buf, pos, end, type);
                byte[] primary = bytes(buf, pos + 2, primaryLength);
                pos += 2 + primaryLength;
                int secondaryLength = field16(buf, pos, end, type);
                exactLength(type, length, pos - start + 2 + secondaryLength);
                return new UserItem.UserIdentityRq(buf.getUnsignedByte(start), buf.getUnsignedByte(start + 1) != 0,
                        primary, bytes(buf, pos + 2, secondaryLength));
            }
            case UserItem.UserIdentityAc.TYPE -> {
                int responseLength = field16(buf, start, end, type);
                exactLength(type, length, 2 + responseLength);
                return new UserItem.UserIdentityAc(bytes(buf, start + 2, responseLength));
            }
            default -> {
                return new UserItem.Unknown(type, secondByte, bytes(buf, start, length));
            }
        }
    }

    /**
     * Checks the 4-byte header of the item at {@code pos} (type, reserved, 2-byte length) and that its
     * value fits before {@code end}; returns the index after the item.
     */
    private static int itemEnd(ByteBuf buf, int pos, int end, String where) throws PduFormatException {
        if (end - pos < 4) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, "truncated item header in " + where);
        }
        int itemLength = buf.getUnsignedShort(pos + 2);
        if (itemLength > end - pos - 4) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE, String.format(
                    "item %02XH length %d overruns %s", buf.getUnsignedByte(pos), itemLength, where));
        }
        return pos + 4 + itemLength;
    }

    /** Reads a 2-byte length field at {@code pos} and checks that the field it announces fits. */
    private static int field16(ByteBuf buf, int pos, int end, int itemType) throws PduFormatException {
        if (end - pos < 2) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    String.format("truncated length field in sub-item %02XH", itemType));
        }
        int length = buf.getUnsignedShort(pos);
        if (length > end - pos - 2) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    String.format("length %d overruns sub-item %02XH", length, itemType));
        }
        return length;
    }

    private static void exactLength(int itemType, int length, int expected) throws PduFormatException {
        if (length != expected) {
            throw new PduFormatException(INVALID_PDU_PARAMETER_VALUE,
                    String.format("sub-item %02XH length %d, expected %d", itemType, length, expected));
        }
    }

    private static PduFormatException unexpected(String message) {
        return new PduFormatException(UNEXPECTED_PDU_PARAMETER, message);
    }

    /** A 16-byte AE title field, without its non-significant leading and trailing spaces (and NULs). */
    private static String aeTitle(ByteBuf buf, int start) {
        int from = start;
        int to = start + AeTitle.LENGTH;
        while (from < to && isPad(buf.getByte(from))) {
            from++;
        }
        while (to > from && isPad(buf.getByte(to - 1))) {
            to--;
        }
        return string(buf, from, to - from);
    }

    /**
     * A UID (or implementation version name) without a trailing NUL or space: PS3.8 Annex F forbids
     * padding UIDs in PDUs, but some peers pad them to an even length anyway.
     */
    private static String uid(ByteBuf buf, int start, int length) {
        int end = start + length;
        while (end > start && isPad(buf.getByte(end - 1))) {
            end--;
        }
        return string(buf, start, end - start);
    }

    private static boolean isPad(byte b) {
        return b == ' ' || b == 0;
    }

    private static String string(ByteBuf buf, int start, int length) {
        return buf.toString(start, length, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(ByteBuf buf, int start, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(start, bytes);
        return bytes;
    }
}
