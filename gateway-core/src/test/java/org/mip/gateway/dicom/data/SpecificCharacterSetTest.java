package org.mip.gateway.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificCharacterSetTest {
    private static final Path CHARSET_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/charset_files");

    /**
     * Every text value with non-ASCII content of pydicom 2.3.1's chr*.dcm files: the raw value bytes as
     * stored in the file, the (inherited) Specific Character Set, and the text pydicom decodes (obtained
     * with /usr/bin/python3 and pydicom.dcmread; multiple values joined with a backslash).
     */
    static Stream<Arguments> pydicomCharsetFiles() {
        return Stream.of(
                Arguments.of("chrArab.dcm PatientName", "ISO_IR 127", "e2c8c7e6ea5ee4e6d2c7d120", VR.PN, "\u0642\u0628\u0627\u0646\u064a^\u0644\u0646\u0632\u0627\u0631"),
                Arguments.of("chrFren.dcm PatientName", "ISO_IR 100", "4275635e4ae972f46d65", VR.PN, "Buc^J\u00e9r\u00f4me"),
                Arguments.of("chrFrenMulti.dcm PatientName", "ISO_IR 100", "4275635e4ae972f46d65", VR.PN, "Buc^J\u00e9r\u00f4me"),
                Arguments.of("chrFrenMulti.dcm OtherPatientNames", "ISO_IR 100", "4275635e4ae972f46d655c4275635e4ae972f46d6520", VR.PN, "Buc^J\u00e9r\u00f4me\\Buc^J\u00e9r\u00f4me"),
                Arguments.of("chrGerm.dcm PatientName", "ISO_IR 100", "c46e6561735e52fc646967657220", VR.PN, "\u00c4neas^R\u00fcdiger"),
                Arguments.of("chrGreek.dcm PatientName", "ISO_IR 126", "c4e9efedf5f3e9eff220", VR.PN, "\u0394\u03b9\u03bf\u03bd\u03c5\u03c3\u03b9\u03bf\u03c2"),
                Arguments.of("chrH31.dcm PatientName", "\\ISO 2022 IR 87", "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842", VR.PN, "Yamada^Tarou=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrH32.dcm PatientName", "ISO 2022 IR 13\\ISO 2022 IR 87", "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442243f246d24261b284a", VR.PN, "\uff94\uff8f\uff80\uff9e^\uff80\uff9b\uff73=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrHbrw.dcm PatientName", "ISO_IR 138", "f9f8e5ef5ee3e1e5f8e4", VR.PN, "\u05e9\u05e8\u05d5\u05df^\u05d3\u05d1\u05d5\u05e8\u05d4"),
                Arguments.of("chrI2.dcm PatientName", "\\ISO 2022 IR 149", "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf", VR.PN, "Hong^Gildong=\u6d2a^\u5409\u6d1e=\ud64d^\uae38\ub3d9"),
                Arguments.of("chrJapMulti.dcm PatientName", "\\ISO 2022 IR 87", "1b24422464245e24401b28425e1b2442243f246d24261b284220", VR.PN, "\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrJapMulti.dcm OtherPatientNames", "\\ISO 2022 IR 87", "1b24422464245e24401b28425e1b2442243f246d24261b28425c1b24422464245e24401b28425e1b2442243f246d24261b284220", VR.PN, "\u3084\u307e\u3060^\u305f\u308d\u3046\\\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrJapMulti.dcm AdditionalPatientHistory", "\\ISO 2022 IR 87", "1b2442243f246d24261b2842", VR.LT, "\u305f\u308d\u3046"),
                Arguments.of("chrJapMultiExplicitIR6.dcm PatientName", "ISO 2022 IR 6\\ISO 2022 IR 87", "1b24422464245e24401b28425e1b2442243f246d24261b284220", VR.PN, "\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrJapMultiExplicitIR6.dcm OtherPatientNames", "ISO 2022 IR 6\\ISO 2022 IR 87", "1b24422464245e24401b28425e1b2442243f246d24261b28425c1b24422464245e24401b28425e1b2442243f246d24261b284220", VR.PN, "\u3084\u307e\u3060^\u305f\u308d\u3046\\\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrJapMultiExplicitIR6.dcm AdditionalPatientHistory", "ISO 2022 IR 6\\ISO 2022 IR 87", "1b2442243f246d24261b2842", VR.LT, "\u305f\u308d\u3046"),
                Arguments.of("chrKoreanMulti.dcm PatientName", "\\ISO 2022 IR 149", "1b242943b1e8c8f1c1df1b284220", VR.PN, "\uae40\ud76c\uc911"),
                Arguments.of("chrKoreanMulti.dcm OtherPatientNames", "\\ISO 2022 IR 149", "1b242943b1e8c8f1c1df1b28425c1b242943b1e8c8f1c1df1b284220", VR.PN, "\uae40\ud76c\uc911\\\uae40\ud76c\uc911"),
                Arguments.of("chrKoreanMulti.dcm AdditionalPatientHistory", "\\ISO 2022 IR 149", "1b242943b1e8c8f1c1df1b284220", VR.LT, "\uae40\ud76c\uc911"),
                Arguments.of("chrKoreanMulti.dcm OperatorsName", "\\ISO 2022 IR 149", "1b242943b1e8c8f1c1df1b284220", VR.PN, "\uae40\ud76c\uc911"),
                Arguments.of("chrRuss.dcm PatientName", "ISO_IR 144", "bbeeda6365dcd17970d3", VR.PN, "\u041b\u044e\u043ace\u043c\u0431yp\u0433"),
                Arguments.of("chrSQEncoding.dcm RequestedProcedureCodeSequence/PatientName", "ISO 2022 IR 13\\ISO 2022 IR 87", "d4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842", VR.PN, "\uff94\uff8f\uff80\uff9e^\uff80\uff9b\uff73=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrSQEncoding1.dcm RequestedProcedureCodeSequence/PatientName", "ISO 2022 IR 13\\ISO 2022 IR 87", "d4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842", VR.PN, "\uff94\uff8f\uff80\uff9e^\uff80\uff9b\uff73=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"),
                Arguments.of("chrX1.dcm PatientName", "ISO_IR 192", "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20", VR.PN, "Wang^XiaoDong=\u738b^\u5c0f\u6771"),
                Arguments.of("chrX2.dcm PatientName", "GB18030", "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d", VR.PN, "Wang^XiaoDong=\u738b^\u5c0f\u4e1c")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pydicomCharsetFiles")
    void getStrings_decodesPydicomCharsetFilesLikePydicom(String file, String charset, String rawHex, VR vr, String expected) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, charset.split("\\\\", -1));
        ds.setBytes(Tag.PatientName, vr, HexFormat.of().parseHex(rawHex));

        String[] actual = ds.getStrings(Tag.PatientName);

        if (vr == VR.PN) {
            // pydicom drops trailing empty component groups ("Wang^XiaoDong=王^小東= " → "...小東").
            assertThat(Arrays.stream(actual).map(s -> PersonName.parse(s).toString()).toArray())
                    .containsExactly(Arrays.stream(expected.split("\\\\")).map(s -> PersonName.parse(s).toString()).toArray());
        } else {
            assertThat(String.join("\\", actual)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pydicomCharsetFiles")
    void encode_roundTripsPydicomCharsetFileValues(String file, String charset, String rawHex, VR vr, String expected) {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf(charset.split("\\\\", -1));
        byte[] encoded = cs.encode(expected, vr);
        assertThat(cs.decode(encoded, 0, encoded.length, vr)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pydicomCharsetFiles")
    void pydicomCharsetFileTable_matchesTheInstalledFiles(String file, String charset, String rawHex, VR vr, String expected)
            throws IOException {
        Path path = CHARSET_FILES.resolve(file.substring(0, file.indexOf(' ')));
        assumeTrue(Files.isReadable(path), "pydicom test files not installed");
        String content = HexFormat.of().formatHex(Files.readAllBytes(path));
        assertThat(content).contains(rawHex);
    }

    @Test
    void encode_reproducesTheIso2022EncodingOfTheStandardExamples() {
        // PS3.5 H.3.1 (chrH31), H.3.2 (chrH32), I.2 (chrI2): byte-exact, trailing padding removed.
        assertEncodes("\\ISO 2022 IR 87", "Yamada^Tarou=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046",
                "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e"
                        + "1b2442243f246d24261b2842");
        assertEncodes("ISO 2022 IR 13\\ISO 2022 IR 87",
                "\uff94\uff8f\uff80\uff9e^\uff80\uff9b\uff73=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046",
                "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e"
                        + "1b2442243f246d24261b284a");
        assertEncodes("\\ISO 2022 IR 149", "Hong^Gildong=\u6d2a^\u5409\u6d1e=\ud64d^\uae38\ub3d9",
                "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf");
    }

    private static void assertEncodes(String charset, String text, String hex) {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf(charset.split("\\\\", -1));
        assertThat(HexFormat.of().formatHex(cs.encode(text, VR.PN))).isEqualTo(hex);
    }

    @Test
    void decode_followsEscapeSequencesOfAnyDeclaredSetWithinAValue() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 126");
        // "J" ESC-A é ESC-F α: G1 switches from Latin-1 to Greek mid-value.
        byte[] b = {'J', 0x1B, '-', 'A', (byte) 0xE9, 0x1B, '-', 'F', (byte) 0xE1};
        assertThat(cs.decode(b)).isEqualTo("J\u00e9\u03b1");
    }

    @Test
    void encode_usesTheFirstDeclaredSetHoldingEachCharacter() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO 2022 IR 100", "ISO 2022 IR 144");
        byte[] b = cs.encode("\u00e9\u0416");
        assertThat(cs.decode(b)).isEqualTo("\u00e9\u0416");
        assertThat(b[0]).isEqualTo((byte) 0xE9);
    }

    @Test
    void decode_supportsJisX0212AndGb2312Extensions() {
        SpecificCharacterSet jp = SpecificCharacterSet.valueOf("", "ISO 2022 IR 87", "ISO 2022 IR 159");
        String text = "\u4e28\u5c71"; // 丨 is only in JIS X 0212, 山 in JIS X 0208
        assertThat(jp.decode(jp.encode(text))).isEqualTo(text);
        SpecificCharacterSet cn = SpecificCharacterSet.valueOf("", "ISO 2022 IR 58");
        byte[] b = cn.encode("Wang^\u738b");
        assertThat(HexFormat.of().formatHex(b)).isEqualTo("57616e675e1b242941cdf5");
        assertThat(cn.decode(b, 0, b.length, VR.PN)).isEqualTo("Wang^\u738b");
    }

    @Test
    void valueOf_supportsAllSingleByteTermsAndMultiByteTermsWithoutExtensions() {
        String[][] samples = {
            {"ISO_IR 100", "\u00e9"}, {"ISO_IR 101", "\u0159"}, {"ISO_IR 109", "\u0109"}, {"ISO_IR 110", "\u0101"},
            {"ISO_IR 144", "\u0416"}, {"ISO_IR 127", "\u0642"}, {"ISO_IR 126", "\u03b1"}, {"ISO_IR 138", "\u05d0"},
            {"ISO_IR 148", "\u011f"}, {"ISO_IR 203", "\u20ac"}, {"ISO_IR 166", "\u0e01"}, {"ISO_IR 13", "\uff71"},
            {"ISO_IR 192", "\u738b\ud83d\ude00"}, {"GB18030", "\u738b\u4e1c"}, {"GBK", "\u738b"},
        };
        for (String[] s : samples) {
            SpecificCharacterSet cs = SpecificCharacterSet.valueOf(s[0]);
            String text = "A^" + s[1];
            assertThat(cs.decode(cs.encode(text))).as(s[0]).isEqualTo(text);
            assertThat(cs.encode(text)).as(s[0]).doesNotContain((byte) '?');
        }
    }

    @Test
    void valueOf_fallsBackToLatin1ForUnknownTerms() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO_IR 999");
        assertThat(cs.decode(new byte[] {'M', (byte) 0xFC, 'l'})).isEqualTo("M\u00fcl");
    }

    @Test
    void valueOf_matchesTermsLeniently() {
        assertThat(SpecificCharacterSet.valueOf("iso-ir 100")).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 100"));
        assertThat(SpecificCharacterSet.valueOf("ISO_IR192")).isEqualTo(SpecificCharacterSet.valueOf("ISO_IR 192"));
        assertThat(SpecificCharacterSet.valueOf("")).isSameAs(SpecificCharacterSet.DEFAULT);
        assertThat(SpecificCharacterSet.valueOf("ISO_IR 6")).isSameAs(SpecificCharacterSet.DEFAULT);
    }

    @Test
    void decode_neverThrowsOnMalformedInput() {
        SpecificCharacterSet[] sets = {
            SpecificCharacterSet.DEFAULT, SpecificCharacterSet.valueOf("ISO_IR 192"), SpecificCharacterSet.valueOf("GB18030"),
            SpecificCharacterSet.valueOf("", "ISO 2022 IR 87", "ISO 2022 IR 159"), SpecificCharacterSet.valueOf("", "ISO 2022 IR 149"),
            SpecificCharacterSet.valueOf("ISO 2022 IR 13", "ISO 2022 IR 87"), SpecificCharacterSet.valueOf("", "ISO 2022 IR 58"),
        };
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 2000; n++) {
            byte[] b = new byte[random.nextInt(20)];
            random.nextBytes(b);
            if (b.length > 2 && random.nextBoolean()) {
                b[random.nextInt(b.length)] = 0x1B;
            }
            for (SpecificCharacterSet cs : sets) {
                assertThat(cs.decode(b, 0, b.length, VR.PN)).isNotNull();
            }
        }
    }

    @Test
    void defaultRepertoire_decodesHighBytesAsLatin1AndEncodesUnknownAsQuestionMark() {
        assertThat(SpecificCharacterSet.DEFAULT.decode(new byte[] {(byte) 0xC4})).isEqualTo("\u00c4");
        assertThat(new String(SpecificCharacterSet.DEFAULT.encode("\u00c4b"), StandardCharsets.US_ASCII)).isEqualTo("?b");
    }
}
