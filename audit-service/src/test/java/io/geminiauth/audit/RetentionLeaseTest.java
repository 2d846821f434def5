package io.geminiauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.geminiauth.common.fleet.Lease;
import io.geminiauth.testsupport.TestPostgres;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lease retention runs under, on a real PostgreSQL: while one replica holds it, another's round
 * is skipped; once it is given back, the next round runs. Another lease's name does not block.
 */
class RetentionLeaseTest {
  static TestPostgres postgres;

  @BeforeAll
  static void start() {
    postgres = TestPostgres.fresh("audit_lease");
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void oneReplicaAtATime_theOtherSkips_untilItIsGivenBack() throws Exception {
    Lease first = new Lease(postgres::connect, "retention");
    Lease second = new Lease(postgres::connect, "retention");
    Lease other = new Lease(postgres::connect, "another job");
    AtomicBoolean secondRan = new AtomicBoolean(true);
    AtomicBoolean otherRan = new AtomicBoolean();

    boolean ran =
        first.runIfFree(
            () -> {
              secondRan.set(second.runIfFree(() -> {}));
              otherRan.set(other.runIfFree(() -> {}));
            });

    assertThat(ran).isTrue();
    assertThat(secondRan).as("skipped while the first holds the lease").isFalse();
    assertThat(otherRan).as("another job's lease is its own").isTrue();
    assertThat(second.runIfFree(() -> {})).as("runs once it is given back").isTrue();
  }
}
