package io.closeloop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.closeloop.service.testing.CloseloopProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthroughs, run as a reader pastes them: every {@code sh} block of the README in order, in one
 * shell, from a fresh copy of what a user runs (bin/, config/, the built jar) with an empty data folder; the
 * {@code sh mysql} blocks likewise against the MySQL-compatible server on 127.0.0.1. The run fails on any command
 * that fails and on any HTTP answer of 400 or more that the README does not announce with a {@code # expect NNN}
 * comment line before the request. A line that starts the service ({@code ./bin/run-local}, {@code java -jar
 * ... server ...}) runs in the background, as in a terminal of its own, and the next line waits until it answers;
 * {@code mvn} lines are skipped (the jar is built).
 */
class ReadmeWalkthroughIT {

    private static final Pattern FENCE = Pattern.compile("^```(.*)$");
    private static final Pattern SERVER = Pattern.compile(
            "^(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:\\./bin/run-local|java -jar service/target/closeloop\\.jar server\\s).*");
    private static final Pattern EXPECT = Pattern.compile("^\\s*#\\s*expect\\s+(\\d{3})\\b.*");
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** One fenced block: where it starts in the README, and its lines. */
    record Block(int line, List<String> lines) {
    }

    static List<Block> blocks(List<String> readme, String info) {
        List<Block> blocks = new ArrayList<>();
        List<String> current = null;
        int start = 0;
        for (int i = 0; i < readme.size(); i++) {
            Matcher fence = FENCE.matcher(readme.get(i));
            if (!fence.matches()) {
                if (current != null) {
                    current.add(readme.get(i));
                }
                continue;
            }
            if (current == null) {
                if (fence.group(1).strip().equals(info)) {
                    current = new ArrayList<>();
                    start = i + 2;
                } else {
                    // Skip to the end of a block that is not ours.
                    int j = i + 1;
                    while (j < readme.size() && !readme.get(j).startsWith("```")) {
                        j++;
                    }
                    i = j;
                }
            } else {
                blocks.add(new Block(start, current));
                current = null;
            }
        }
        return blocks;
    }

    /** The shell script that runs the blocks as a reader would, with the checks described above. */
    static String script(List<Block> blocks) throws IOException {
        StringBuilder script = new StringBuilder(new String(
                ReadmeWalkthroughIT.class.getResourceAsStream("/readme-walkthrough.sh").readAllBytes(), StandardCharsets.UTF_8));
        for (Block block : blocks) {
            script.append("\n__block ").append(block.line()).append('\n');
            boolean continued = false;
            for (String line : block.lines()) {
                Matcher expect = EXPECT.matcher(line);
                if (!continued && SERVER.matcher(line).matches()) {
                    script.append("__start '").append(line.replace("'", "'\\''")).append("'\n");
                } else if (!continued && line.startsWith("mvn ")) {
                    script.append(": skipped, the jar is built: ").append(line.replace("'", "")).append('\n');
                } else if (!continued && expect.matches()) {
                    script.append("__expect ").append(expect.group(1)).append('\n');
                } else {
                    script.append(line).append('\n');
                }
                continued = line.endsWith("\\");
            }
        }
        return script.toString();
    }

    @Test
    void theLocalWalkthroughRunsAsPasted() throws Exception {
        requireFreePorts();
        run("sh", "local");
    }

    @Test
    void theMySqlWalkthroughRunsAsPasted() throws Exception {
        requireFreePorts();
        String server = "jdbc:mysql://127.0.0.1:3306/";
        try (Connection connection = DriverManager.getConnection(server, "root", "")) {
            try (var rs = connection.createStatement().executeQuery("SHOW DATABASES LIKE 'closeloop'")) {
                if (rs.next()) {
                    skipOrFail("a database named closeloop exists on " + server
                            + "; the README's MySQL walkthrough creates it, so it runs only where there is none");
                }
            }
        } catch (SQLException e) {
            skipOrFail("no MySQL-compatible server at " + server + ": " + e.getMessage());
        }
        try {
            run("sh mysql", "mysql");
        } finally {
            try (Connection connection = DriverManager.getConnection(server, "root", "")) {
                connection.createStatement().execute("DROP DATABASE IF EXISTS closeloop");
            }
        }
    }

    private static void run(String info, String name) throws Exception {
        Path root = CloseloopProcess.repositoryRoot();
        Path jar = root.resolve("service/target/closeloop.jar");
        assertThat(jar).as("the walkthrough runs the built jar: run it with mvn verify").exists();
        List<Block> blocks = blocks(Files.readAllLines(root.resolve("README.md")), info);
        assertThat(blocks).as("the README's " + info + " blocks").isNotEmpty();

        Path work = Files.createTempDirectory("closeloop-readme-");
        Path logs = root.resolve("service/target/readme-walkthrough/" + name);
        Files.createDirectories(logs);
        try {
            copy(root.resolve("bin"), work.resolve("bin"));
            copy(root.resolve("config"), work.resolve("config"));
            Files.copy(root.resolve("README.md"), work.resolve("README.md"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.createDirectories(work.resolve("service/target"));
            Files.copy(jar, work.resolve("service/target/closeloop.jar"), StandardCopyOption.COPY_ATTRIBUTES);
            Path script = logs.resolve("walkthrough.sh");
            Files.writeString(script, script(blocks));

            ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(logs.resolve("output.txt").toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("CLOSELOOP_") || k.startsWith("TWILIO_")
                    || k.startsWith("WECHAT_"));
            builder.environment().put("WALKTHROUGH_LOGS", logs.toString());
            Process process = builder.start();
            boolean ended = process.waitFor(15, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            List<String> output = Files.readAllLines(logs.resolve("output.txt"));
            String tail = String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
            assertThat(ended).as("the walkthrough ended within 15 minutes:\n" + tail).isTrue();
            assertThat(process.exitValue()).as("the README's " + info + " walkthrough (script and logs in " + logs
                    + "):\n" + tail).isZero();
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The README names ports 8080 and 8081; another process on them would answer in the service's place. */
    private static void requireFreePorts() {
        for (int port : new int[] {8080, 8081}) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                skipOrFail("port " + port + " is in use; the README's walkthrough needs it");
            }
        }
    }

    private static void skipOrFail(String why) {
        if (CI) {
            fail("CI=true and " + why);
        }
        Assumptions.abort(why);
    }
}
