package org.mip.gateway.net.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
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
 * Writes PDUs in their PS3.8 9.3 wire form. Reserved fields are written as 00H (and the AE title
 * fields padded with spaces to 16 bytes); lengths are computed. Writing does not release or move the
 * PDU's buffers.
 */
public final class PduWriter {
    private PduWriter() {}

    /**
     * Appends the whole PDU to {@code out}, copying P-DATA-TF fragments.
     *
     * @throws IllegalArgumentException if an item is longer than its 2-byte length field allows
     */
    public static void write(Pdu pdu, ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(pdu.pduType());
        out.writeByte(0);
        out.writeInt(0);
        if (pdu instanceof AAssociateRq rq) {
            writeAssociate(out, rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle(),
                    rq.applicationContext(), () -> {
                        for (PresentationContextRq pc : rq.presentationContexts()) {
                            writeContextRq(out, pc);
                        }
                    }, rq.userInformation());
        } else if (pdu instanceof AAssociateAc ac) {
            writeAssociate(out, ac.protocolVersion(), ac.calledAeTitle(), ac.callingAeTitle(),
                    ac.applicationContext(), () -> {
                        for (PresentationContextAc pc : ac.presentationContexts()) {
                            writeContextAc(out, pc);
                        }
                    }, ac.userInformation());
        } else if (pdu instanceof AAssociateRj rj) {
            out.writeByte(0).writeByte(rj.resultCode()).writeByte(rj.sourceCode()).writeByte(rj.reasonCode());
        } else if (pdu instanceof PDataTf pData) {
            for (PresentationDataValue pdv : pData.pdvs()) {
                writePdvHeader(out, pdv);
                out.writeBytes(pdv.data(), pdv.data().readerIndex(), pdv.data().readableBytes());
            }
        } else if (pdu instanceof AReleaseRq || pdu instanceof AReleaseRp) {
            out.writeInt(0);
        } else if (pdu instanceof AAbort abort) {
            out.writeShort(0).writeByte(abort.sourceCode()).writeByte(abort.reasonCode());
        } else if (pdu instanceof UnknownPdu unknown) {
            out.writeBytes(unknown.body());
        } else {
            throw new IllegalArgumentException("unknown PDU class " + pdu.getClass());
        }
        long length = out.writerIndex() - start - (long) Pdu.HEADER_LENGTH;
        out.setInt(start + 2, (int) length);
    }

    /** Writes a PDV item header: item length (4 bytes), context ID, message control header (PS3.8 E.2). */
    static void writePdvHeader(ByteBuf out, PresentationDataValue pdv) {
        long itemLength = pdv.itemLength();
        if (itemLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PDV longer than 2^32-1 bytes");
        }
        out.writeInt((int) itemLength);
        out.writeByte(pdv.presentationContextId());
        out.writeByte(pdv.messageControlHeader());
    }

    /** PS3.8 9.3.2 Table 9-11 and 9.3.3 Table 9-17, PDU bytes 7 onwards. */
    private static void writeAssociate(ByteBuf out, int protocolVersion, String called, String calling,
            ApplicationContext applicationContext, Runnable contexts, UserInformation userInformation) {
        out.writeShort(protocolVersion);
        out.writeShort(0);
        writeAeTitle(out, called);
        writeAeTitle(out, calling);
        out.writeZero(32);
        int item = beginItem(out, ApplicationContext.ITEM_TYPE, 0);
        writeString(out, applicationContext.name());
        endItem(out, item);
        contexts.run();
        item = beginItem(out, UserInformation.ITEM_TYPE, 0);
        for (UserItem userItem : userInformation.items()) {
            writeUserItem(out, userItem);
        }
        endItem(out, item);
    }

    private static void writeContextRq(ByteBuf out, PresentationContextRq pc) {
        int item = beginItem(out, PresentationContextRq.ITEM_TYPE, 0);
        out.writeByte(pc.id()).writeByte(0).writeByte(0).writeByte(0);
        writeStringItem(out, PresentationContextRq.ABSTRACT_SYNTAX, pc.abstractSyntax());
        for (String ts : pc.transferSyntaxes()) {
            writeStringItem(out, PresentationContextRq.TRANSFER_SYNTAX, ts);
        }
        endItem(out, item);
    }

    private static void writeContextAc(ByteBuf out, PresentationContextAc pc) {
        int item = beginItem(out, PresentationContextAc.ITEM_TYPE, 0);
        out.writeByte(pc.id()).writeByte(0).writeByte(pc.resultCode()).writeByte(0);
        if (pc.transferSyntax() != null) {
            writeStringItem(out, PresentationContextRq.TRANSFER_SYNTAX, pc.transferSyntax());
        }
        endItem(out, item);
    }

    private static void writeUserItem(ByteBuf out, UserItem userItem) {
        int second = 0;
        if (userItem instanceof UserItem.SopClassCommonExtendedNegotiation common) {
            second = common.subItemVersion();
        } else if (userItem instanceof UserItem.Unknown unknown) {
            second = unknown.reserved();
        }
        int item = beginItem(out, userItem.itemType(), second);
        if (userItem instanceof UserItem.MaximumLength m) {
            out.writeInt((int) m.maximumLength());
        } else if (userItem instanceof UserItem.ImplementationClassUid uid) {
            writeString(out, uid.uid());
        } else if (userItem instanceof UserItem.AsyncOperationsWindow w) {
            out.writeShort(w.maxOperationsInvoked()).writeShort(w.maxOperationsPerformed());
        } else if (userItem instanceof UserItem.RoleSelection role) {
            writeString16(out, role.sopClassUid());
            out.writeByte(role.scuRole() ? 1 : 0).writeByte(role.scpRole() ? 1 : 0);
        } else if (userItem instanceof UserItem.ImplementationVersionName name) {
            writeString(out, name.name());
        } else if (userItem instanceof UserItem.SopClassExtendedNegotiation ext) {
            writeString16(out, ext.sopClassUid());
            out.writeBytes(ext.applicationInformation());
        } else if (userItem instanceof UserItem.SopClassCommonExtendedNegotiation common) {
            writeString16(out, common.sopClassUid());
            writeString16(out, common.serviceClassUid());
            int related = out.writerIndex();
            out.writeShort(0);
            for (String uid : common.relatedGeneralSopClassUids()) {
                writeString16(out, uid);
            }
            setLength16(out, related, out.writerIndex() - related - 2);
        } else if (userItem instanceof UserItem.UserIdentityRq id) {
            out.writeByte(id.typeCode()).writeByte(id.positiveResponseRequested() ? 1 : 0);
            byte[] primary = id.primaryField();
            out.writeShort(primary.length).writeBytes(primary);
            byte[] secondary = id.secondaryField();
            out.writeShort(secondary.length).writeBytes(secondary);
        } else if (userItem instanceof UserItem.UserIdentityAc id) {
            byte[] response = id.serverResponse();
            out.writeShort(response.length).writeBytes(response);
        } else if (userItem instanceof UserItem.Unknown unknown) {
            out.writeBytes(unknown.value());
        }
        endItem(out, item);
    }

    private static void writeAeTitle(ByteBuf out, String title) {
        writeString(out, title);
        for (int i = title.length(); i < AeTitle.LENGTH; i++) {
            out.writeByte(' ');
        }
    }

    private static void writeStringItem(ByteBuf out, int type, String value) {
        int item = beginItem(out, type, 0);
        writeString(out, value);
        endItem(out, item);
    }

    private static void writeString16(ByteBuf out, String value) {
        int at = out.writerIndex();
        out.writeShort(0);
        writeString(out, value);
        setLength16(out, at, out.writerIndex() - at - 2);
    }

    private static void writeString(ByteBuf out, String value) {
        out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    }

    /** Writes item type, the reserved (or version) byte and a placeholder length; returns the item start. */
    private static int beginItem(ByteBuf out, int type, int second) {
        int at = out.writerIndex();
        out.writeByte(type).writeByte(second).writeShort(0);
        return at;
    }

    private static void endItem(ByteBuf out, int itemStart) {
        setLength16(out, itemStart + 2, out.writerIndex() - itemStart - 4);
    }

    private static void setLength16(ByteBuf out, int at, int length) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("item or field of " + length + " bytes exceeds its 2-byte length");
        }
        out.setShort(at, length);
    }
}
