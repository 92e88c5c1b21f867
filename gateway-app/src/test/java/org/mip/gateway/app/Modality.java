package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.io.DicomFile;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.mwl.Uids;
import org.mip.gateway.testing.Peers;

/**
 * What a modality does to the gateway in the ITs: an image of the booked patient (pydicom's {@code MR_small.dcm}
 * rewritten as a new instance of a new study, with the booking's accession number, patient and a study date),
 * sent by DCMTK {@code storescu} or by {@code mipgw store}; a worklist query by DCMTK {@code findscu -W}.
 * DCMTK runs with {@code TCP_NODELAY=1} (PEERS.md).
 */
final class Modality {
    private Modality() {}

    /** The rewritten image, written to {@code dir/ACCESSION.dcm}. */
    static Path image(Path dir, String accession, String patientId, String patientName, LocalDate studyDate)
            throws IOException {
        DicomFile src = DicomInputStream.readFile(Peers.pydicomFile("test_files/MR_small.dcm"));
        Attributes ds = new Attributes(src.dataset());
        String sop = Uids.random();
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, Uids.random());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, Uids.random());
        ds.setString(Tag.StudyDate, VR.DA, studyDate.format(DateTimeFormatter.BASIC_ISO_DATE));
        ds.setString(Tag.StudyTime, VR.TM, LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.PatientName, VR.PN, patientName);
        Attributes meta = new Attributes(src.fileMeta());
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sop);
        Path out = Files.createDirectories(dir).resolve(accession + ".dcm");
        try (OutputStream os = Files.newOutputStream(out)) {
            new DicomOutputStream(os).writeFile(new DicomFile(src.preamble(), meta, ds, src.transferSyntax()));
        }
        return out;
    }

    /** {@code mipgw store -aet CALLING MIPGW@127.0.0.1:PORT FILE}, which must succeed. */
    static void mipgwStore(int port, String callingAet, Path file) {
        Cli cli = new Cli();
        assertThat(cli.run("store", "-aet", callingAet, "MIPGW@127.0.0.1:" + port, file.toString()))
                .as(cli.out() + cli.err()).isZero();
    }

    /** DCMTK {@code storescu -aet CALLING -aec MIPGW 127.0.0.1 PORT FILE}, which must succeed. */
    static void storescu(Path workDir, int port, String callingAet, Path file) throws Exception {
        run(workDir, List.of(Peers.require("storescu", "dcmtk").toString(), "-aet", callingAet, "-aec", "MIPGW",
                "127.0.0.1", String.valueOf(port), file.toString()));
    }

    /** DCMTK {@code findscu -W -aet CALLING -aec MIPGW ... -k KEY...}: each response data set. */
    static List<Attributes> findscu(Path workDir, int port, String callingAet, String... keys) throws Exception {
        Path out = Files.createTempDirectory(Files.createDirectories(workDir), "find");
        List<String> cmd = new ArrayList<>(List.of(Peers.require("findscu", "dcmtk").toString(), "-W",
                "-aet", callingAet, "-aec", "MIPGW", "-X", "-od", out.toString(), "127.0.0.1", String.valueOf(port)));
        for (String k : keys) {
            cmd.add("-k");
            cmd.add(k);
        }
        run(out, cmd);
        List<Attributes> responses = new ArrayList<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                responses.add(DicomInputStream.readFile(f).dataset());
            }
        }
        return responses;
    }

    private static void run(Path dir, List<String> cmd) throws Exception {
        Path log = Files.createTempFile(Files.createDirectories(dir), "dcmtk", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " timed out");
        }
        assertThat(p.exitValue()).as(cmd + "\n" + Files.readString(log, StandardCharsets.ISO_8859_1)).isZero();
    }
}
