package io.geminiauth.gateway.limits;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's connections to Redis (Lettuce): one for Bucket4j's buckets, one for the shared
 * counters. Connected in the background, so a Redis that is down at start does not stop the
 * gateway; Lettuce reconnects by itself afterwards. Commands fail at once while disconnected and
 * after {@code timeout} otherwise: nothing waits on Redis for longer.
 */
final class RedisLink implements AutoCloseable {
  private final RedisClient client;
  private final RedisURI uri;
  private final Clock clock;
  private final Duration timeout;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> counters;
  private volatile StatefulRedisConnection<String, byte[]> bucketConnection;
  private volatile AsyncProxyManager<String> buckets;

  RedisLink(URI url, Duration timeout, Clock clock) {
    this.uri = RedisURI.create(url);
    this.uri.setTimeout(timeout);
    this.clock = clock;
    this.timeout = timeout;
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(SocketOptions.builder().connectTimeout(timeout.multipliedBy(4)).build())
            .build());
  }

  /** Connects if not connected and not connecting; returns at once. */
  void connect() {
    if (buckets != null || !connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(StringCodec.UTF8, uri)
        .thenCompose(
            text -> {
              counters = text;
              return client.connectAsync(
                  RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
            })
        .whenComplete(
            (bytes, failure) -> {
              if (failure == null) {
                bucketConnection = bytes;
                buckets =
                    Bucket4jLettuce.casBasedBuilder(bytes)
                        .clientClock(new ClockTime(clock))
                        .requestTimeout(timeout)
                        .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ofMinutes(1)))
                        .build()
                        .asAsync();
              }
              connecting.set(false);
            });
  }

  /** The counters' commands, or null while not connected. */
  RedisAsyncCommands<String, String> counters() {
    StatefulRedisConnection<String, String> connection = counters;
    return connection == null ? null : connection.async();
  }

  /** Bucket4j's buckets in Redis, or null while not connected. */
  AsyncProxyManager<String> buckets() {
    return buckets;
  }

  @Override
  public void close() {
    if (counters != null) {
      counters.closeAsync();
    }
    if (bucketConnection != null) {
      bucketConnection.closeAsync();
    }
    client.shutdownAsync();
  }

  /** Bucket4j's time is the gateway's clock (tests move it). */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return clock.millis() * 1_000_000L;
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
