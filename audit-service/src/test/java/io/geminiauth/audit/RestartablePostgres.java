package io.geminiauth.audit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a fresh cluster in a temporary folder,
 * a free loopback port), so that a test can restart it under a running service without touching any
 * other database. Run as the postgres user when the tests run as root (PostgreSQL refuses root).
 */
public class RestartablePostgres implements QuarkusTestResourceLifecycleManager {
  private static Path data;
  private static int port;
  private static Path bin;

  @Override
  public Map<String, String> start() {
    try {
      bin = binaries();
      data = Files.createTempDirectory("pg-restart-");
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (root()) {
        run(List.of("chown", "postgres", data.toString()), false);
      }
      run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "-E",
              "UTF8"),
          true);
      pgCtl("start");
    } catch (IOException e) {
      throw new IllegalStateException("could not start a PostgreSQL of the test's own", e);
    }
    return Map.of(
        "quarkus.datasource.h2.active", "false",
        "quarkus.datasource.postgresql.active", "true",
        "quarkus.datasource.postgresql.jdbc.url",
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "quarkus.datasource.postgresql.username", "postgres");
  }

  /** Stops the server (fast: open connections are cut) and starts it again on the same data. */
  public static void restart() {
    pgCtl("stop", "-m", "fast");
    pgCtl("start");
  }

  @Override
  public void stop() {
    try {
      pgCtl("stop", "-m", "immediate");
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a temporary folder: the machine's cleanup takes what is left
      }
    }
  }

  private static void pgCtl(String... command) {
    List<String> line =
        new ArrayList<>(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-l",
                data.resolve("server.log").toString()));
    line.addAll(Arrays.asList(command));
    if (command[0].equals("start")) {
      line.add("-o");
      line.add("-p " + port + " -c listen_addresses=127.0.0.1 -k " + data);
    }
    run(line, true);
  }

  private static void run(List<String> command, boolean asPostgres) {
    List<String> line = new ArrayList<>();
    if (asPostgres && root()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(command);
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", line) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Debian's newest PostgreSQL: /usr/lib/postgresql/{version}/bin. */
  private static Path binaries() throws IOException {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
    }
  }
}
