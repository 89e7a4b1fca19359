import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck kept running between exports (Masthead, electron/export/epubcheck-server.ts).
 *
 * <p>A cold EPUBCheck spends about 4 s of CPU starting the JVM, loading its classes and
 * compiling its schemas before it reads the book; it keeps the compiled schemas for the life
 * of the process, so a second book in the same JVM is checked in under a second. This runs
 * EPUBCheck's own command-line entry point once per request, exactly as `epubcheck BOOK --json
 * REPORT` would, so the report (and the exit code) is the one a cold run writes.
 *
 * <p>Protocol, one line each way, UTF-8: the request {@code id TAB book TAB report}, the answer
 * {@code id TAB exitCode TAB what EPUBCheck printed} (backslash, tab and newline escaped as
 * \\, \t, \n). The first line written is {@code ready VERSION}. When its input closes (Masthead
 * quit or crashed) the server ends, so it never outlives the app by more than one book.
 */
public final class EpubcheckServer {
  private EpubcheckServer() {}

  public static void main(String[] args) throws IOException {
    PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    // What EPUBCheck prints goes into the answer, never between the protocol's lines.
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, "UTF-8");
    System.setOut(capture);
    System.setErr(capture);
    answers.println("ready " + EpubCheck.version());
    for (String line; (line = requests.readLine()) != null; ) {
      String[] fields = line.split("\t", -1);
      if (fields.length != 3) {
        answers.println((fields.length > 0 ? fields[0] : "") + "\t-2\tmalformed request");
        continue;
      }
      printed.reset();
      int code;
      try {
        code = new EpubChecker().run(new String[] {fields[1], "--json", fields[2]});
      } catch (Throwable error) {
        // Out of memory, a bug in a checker: answered, so Masthead checks the book cold instead.
        code = -1;
        error.printStackTrace(capture);
      }
      capture.flush();
      answers.println(fields[0] + "\t" + code + "\t" + escape(printed.toString("UTF-8")));
    }
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n");
  }
}
