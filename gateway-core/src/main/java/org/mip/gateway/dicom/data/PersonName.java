package org.mip.gateway.dicom.data;

import java.util.Objects;

/**
 * A PN value (PS3.5 6.2.1): up to three component groups separated by "=" (alphabetic, ideographic,
 * phonetic), each of up to five components separated by "^" (family name, given name, middle name,
 * prefix, suffix). Absent components are empty strings, never {@code null}.
 */
public record PersonName(Group alphabetic, Group ideographic, Group phonetic) {

    public static final PersonName EMPTY = new PersonName(Group.EMPTY, Group.EMPTY, Group.EMPTY);

    public PersonName {
        alphabetic = alphabetic == null ? Group.EMPTY : alphabetic;
        ideographic = ideographic == null ? Group.EMPTY : ideographic;
        phonetic = phonetic == null ? Group.EMPTY : phonetic;
    }

    /** A name with only an alphabetic group. */
    public static PersonName of(String familyName, String givenName) {
        return new PersonName(new Group(familyName, givenName, "", "", ""), Group.EMPTY, Group.EMPTY);
    }

    /** Parses a PN value as decoded from the data set ("Yamada^Tarou=山田^太郎=やまだ^たろう"). */
    public static PersonName parse(String s) {
        if (s == null || s.isEmpty()) {
            return EMPTY;
        }
        String[] groups = s.split("=", -1);
        return new PersonName(Group.parse(groups[0]),
                groups.length > 1 ? Group.parse(groups[1]) : Group.EMPTY,
                groups.length > 2 ? Group.parse(groups[2]) : Group.EMPTY);
    }

    /** Builds a name from the group strings of DICOM JSON (PS3.18 F.2.2), any of which may be {@code null}. */
    public static PersonName ofGroups(String alphabetic, String ideographic, String phonetic) {
        return new PersonName(Group.parse(alphabetic), Group.parse(ideographic), Group.parse(phonetic));
    }

    public boolean isEmpty() {
        return alphabetic.isEmpty() && ideographic.isEmpty() && phonetic.isEmpty();
    }

    /** The DICOM form, with trailing empty components and groups left out (PS3.5 6.2.1). */
    @Override
    public String toString() {
        String a = alphabetic.toString();
        String i = ideographic.toString();
        String p = phonetic.toString();
        if (!p.isEmpty()) {
            return a + '=' + i + '=' + p;
        }
        if (!i.isEmpty()) {
            return a + '=' + i;
        }
        return a;
    }

    /** One component group: family^given^middle^prefix^suffix. */
    public record Group(String familyName, String givenName, String middleName, String namePrefix, String nameSuffix) {
        public static final Group EMPTY = new Group("", "", "", "", "");

        public Group {
            familyName = Objects.requireNonNullElse(familyName, "");
            givenName = Objects.requireNonNullElse(givenName, "");
            middleName = Objects.requireNonNullElse(middleName, "");
            namePrefix = Objects.requireNonNullElse(namePrefix, "");
            nameSuffix = Objects.requireNonNullElse(nameSuffix, "");
        }

        /** Parses "family^given^middle^prefix^suffix"; components beyond the fifth are kept in the suffix. */
        public static Group parse(String s) {
            if (s == null || s.isEmpty()) {
                return EMPTY;
            }
            String[] c = s.split("\\^", 5);
            return new Group(c[0], c.length > 1 ? c[1] : "", c.length > 2 ? c[2] : "",
                    c.length > 3 ? c[3] : "", c.length > 4 ? c[4] : "");
        }

        public boolean isEmpty() {
            return familyName.isEmpty() && givenName.isEmpty() && middleName.isEmpty()
                    && namePrefix.isEmpty() && nameSuffix.isEmpty();
        }

        /** The DICOM form with trailing empty components left out. */
        @Override
        public String toString() {
            String[] c = {familyName, givenName, middleName, namePrefix, nameSuffix};
            int n = c.length;
            while (n > 0 && c[n - 1].isEmpty()) {
                n--;
            }
            return String.join("^", java.util.Arrays.asList(c).subList(0, n));
        }
    }
}
