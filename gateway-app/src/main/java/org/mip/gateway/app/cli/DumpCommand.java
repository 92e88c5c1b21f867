package org.mip.gateway.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mip.gateway.dicom.io.DicomDumper;
import org.mip.gateway.dicom.io.DicomFile;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mipgw dump FILE...}: each data set one element per line, like DCMTK's dcmdump. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print each DICOM file (Part 10 or bare data set) one element per line, nested items "
                + "indented, text decoded to Unicode. With several files each block starts with a line naming "
                + "the file. Exits 1 if any file could not be read, with the reason on stderr.")
public final class DumpCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM files to print.")
    List<Path> files;

    @Option(names = {"-L", "--long"}, description = "Print long values whole (default: cut at --width characters).")
    boolean whole;

    @Option(names = {"-w", "--width"}, paramLabel = "N", defaultValue = "64",
            description = "Cut values longer than N characters (default ${DEFAULT-VALUE}).")
    int width;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            try {
                DicomFile file;
                try (DicomInputStream in = DicomInputStream.open(f)) {
                    file = in.readFile();
                }
                if (files.size() > 1) {
                    out.printf("# mipgw dump (%d/%d): %s%n", i + 1, files.size(), f);
                }
                out.print(DicomDumper.standard(file.transferSyntax()).maxValueChars(whole ? 0 : width).dump(file));
                if (files.size() > 1 && i < files.size() - 1) {
                    out.println();
                }
                out.flush();
            } catch (NoSuchFileException e) {
                failed++;
                err.println("mipgw dump: " + f + ": no such file");
            } catch (DicomParseException e) {
                failed++;
                err.println("mipgw dump: " + f + ": not readable as DICOM: " + e.getMessage());
            } catch (IOException e) {
                failed++;
                err.println("mipgw dump: " + f + ": " + (Files.isDirectory(f) ? "is a directory" : e.getMessage()));
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
