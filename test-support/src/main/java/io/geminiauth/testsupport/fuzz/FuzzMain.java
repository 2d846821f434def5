package io.geminiauth.testsupport.fuzz;

import java.util.List;

/**
 * The campaign from the command line ({@code bench/fuzz.sh}): {@code FuzzMain <service> <port>
 * <seed> <count>}, with the keys in the environment (never on a command line): {@code
 * FUZZ_CLIENT_KEY}, {@code FUZZ_ADMIN_KEY}, {@code FUZZ_CALLER_KEY}, {@code FUZZ_ACCOUNT}, {@code
 * FUZZ_PRODUCER_KEY}, {@code FUZZ_READER_KEY}. Loopback only. Exits 1 when anything was found.
 */
public final class FuzzMain {
  private FuzzMain() {}

  public static void main(String[] args) {
    String service = args[0];
    int port = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    int count = Integer.parseInt(args[3]);
    List<Endpoint> endpoints =
        switch (service) {
          case "gemini-gateway" ->
              SuiteEndpoints.gateway(env("FUZZ_CLIENT_KEY"), env("FUZZ_ADMIN_KEY"));
          case "token-service" ->
              SuiteEndpoints.tokenService(
                  env("FUZZ_CALLER_KEY"), env("FUZZ_ADMIN_KEY"), env("FUZZ_ACCOUNT"));
          case "audit-service" ->
              SuiteEndpoints.auditService(env("FUZZ_PRODUCER_KEY"), env("FUZZ_READER_KEY"));
          default -> throw new IllegalArgumentException("no such service: " + service);
        };
    long start = System.nanoTime();
    FuzzCampaign.Report report =
        FuzzCampaign.run(service, "127.0.0.1", port, endpoints, seed, count);
    System.out.println(report.summary());
    System.out.printf("%s: %.1f s%n", service, (System.nanoTime() - start) / 1e9);
    System.exit(report.clean() ? 0 : 1);
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
