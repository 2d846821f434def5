package io.geminiauth.audit;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on loopback that fails the first POSTs it is told to, then accepts. */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {
  static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
  static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/alerts",
        exchange -> {
          RECEIVED.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int status = FAILURES_LEFT.getAndDecrement() > 0 ? 503 : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return Map.of(
        "audit.alerts.webhook-url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
  }

  @Override
  public void stop() {
    server.stop(0);
  }
}
