package org.mip.gateway.dicom.data;

/**
 * Data element tags as {@code int}s: group in the high 16 bits, element in the low 16 (PS3.5 7.1).
 * Constants for the tags the toolkit itself needs; the full dictionary lives in {@code dicom.dict}.
 */
public final class Tag {
    /** (FFFE,E000) Item, PS3.5 7.5. */
    public static final int Item = 0xFFFEE000;
    /** (FFFE,E00D) Item Delimitation Item. */
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    /** (FFFE,E0DD) Sequence Delimitation Item. */
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;

    public static final int SpecificCharacterSet = 0x00080005;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int AccessionNumber = 0x00080050;
    public static final int Modality = 0x00080060;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int PixelData = 0x7FE00010;

    private Tag() {}

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private tags have an odd group number (PS3.5 7.8). */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) != 0;
    }

    /** A Private Creator Data Element (gggg,0010-00FF) of an odd group, PS3.5 7.8.1. */
    public static boolean isPrivateCreator(int tag) {
        int e = element(tag);
        return isPrivate(tag) && e >= 0x0010 && e <= 0x00FF;
    }

    /** Group length elements (gggg,0000). */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** "(GGGG,EEEE)" in upper-case hex, as DCMTK prints tags. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }
}
