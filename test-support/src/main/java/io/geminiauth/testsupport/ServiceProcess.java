package io.geminiauth.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the suite's services run as its own process on a free loopback port, from the jar the
 * reactor built ({@code ./mvnw verify} builds the modules in the root pom's order, so a module's
 * tests can start those listed before it). Its output goes to {@code
 * target/<module>-for-tests.log}; {@link #close()} stops it.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String module;
  private final ProcessBuilder builder;
  private final int port;
  private Process process;

  private ServiceProcess(String module, ProcessBuilder builder, int port) {
    this.module = module;
    this.builder = builder;
    this.port = port;
  }

  /**
   * Starts {@code module} (e.g. {@code token-service}) on {@code port} with extra {@code -D}
   * settings and environment variables, and waits until {@code /q/health/ready} answers 200.
   */
  public static ServiceProcess start(
      String module, int port, List<String> systemProperties, Map<String, String> environment) {
    return start(module, module, port, systemProperties, environment);
  }

  /**
   * Starts one replica of {@code module}, whose output goes to {@code target/<name>-for-tests.log};
   * otherwise as {@link #start(String, int, List, Map)}.
   */
  public static ServiceProcess start(
      String module,
      String name,
      int port,
      List<String> systemProperties,
      Map<String, String> environment) {
    Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "The "
              + module
              + " is not built: run ./mvnw verify from the root (or ./mvnw package -DskipTests -am"
              + " -pl "
              + module
              + " first).");
    }
    File log = new File("target/" + name + "-for-tests.log");
    log.delete(); // this run's output only; a restart appends to it
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dquarkus.http.port=" + port);
    systemProperties.forEach(p -> command.add("-D" + p));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    builder.environment().putAll(environment);
    ServiceProcess service = new ServiceProcess(name, builder, port);
    service.launch();
    return service;
  }

  /** Stops it at once (as a crash does) and starts it again with the same settings and port. */
  public void restart() {
    kill();
    launch();
  }

  private void launch() {
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the " + module, e);
    }
    waitUntilReady();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
  }

  /** Stops the process answering, as a hung service does: connections open, nothing comes back. */
  public void suspend() {
    signal("STOP");
  }

  /** Lets a {@link #suspend suspended} process go on. */
  public void resume() {
    signal("CONT");
  }

  /** Kills it at once and waits until it is gone: its port refuses connections. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String name) {
    try {
      int exit =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .inheritIO()
              .start()
              .waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + name + " failed for the " + module);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void waitUntilReady() {
    for (int i = 0; i < 240; i++) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroy();
    throw new IllegalStateException(
        "the " + module + " did not start; see target/" + module + "-for-tests.log");
  }

  /** A free loopback port (there is a small race; tests accept it). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
