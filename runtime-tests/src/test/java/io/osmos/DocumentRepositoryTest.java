package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.annotations.Hook;
import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Account;
import io.osmos.memory.fixtures.AccountPatch;
import io.osmos.memory.fixtures.AccountRepository;
import io.osmos.memory.fixtures.Account_;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The document repository base: binding, validation, hooks, limits, errors. */
class DocumentRepositoryTest {
  private Osmos osmos;
  private AccountRepository accounts;

  @BeforeEach
  void setUp() {
    osmos =
        Osmos.builder()
            .driver("db", new MemoryDriver(new DriverLimits(64, 1 << 20, 10, 1 << 20, 50, 32)))
            .build();
    accounts = new AccountRepository(osmos);
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  @Test
  void bindingNeedsADocumentStore() {
    MessageQueue queue =
        new MessageQueue() {
          @Override
          public String kind() {
            return "queue";
          }

          @Override
          public void publish(String topic, List<Message> messages) {}

          @Override
          public Subscription subscribe(
              String t, String n, Delivery d, io.osmos.spi.DeadLetterPolicy p, MessageHandler h) {
            return () -> {};
          }
        };
    try (Osmos o = Osmos.builder().driver("db", queue).build()) {
      CapabilityException e =
          assertThrows(CapabilityException.class, () -> new AccountRepository(o));
      assertTrue(e.getMessage().contains("needs a DocumentStore"), e.getMessage());
      assertTrue(e.getMessage().contains("offers [MessageQueue]"), e.getMessage());
    }
    DriverNotFoundException missing =
        assertThrows(DriverNotFoundException.class, () -> new AccountRepository(osmos, "other"));
    assertEquals("Driver instance 'other' not found; registered: [db]", missing.getMessage());
  }

  @Test
  void everyViolationIsListedAndNothingIsWritten() {
    ValidationException e =
        assertThrows(ValidationException.class, () -> accounts.insert(Account.of("no email", -1)));
    assertEquals(List.of("email", "visits"), e.violations().stream().map(Violation::path).toList());
    assertTrue(
        e.getMessage().contains("visits: must be greater than or equal to 0"), e.getMessage());
    assertEquals(0, accounts.count());

    accounts.save(Account.of("a@example.org", 1).withId("a"));
    ValidationException patch =
        assertThrows(
            ValidationException.class,
            () -> accounts.update("a", p -> p.email("broken").incrementVisits(1)));
    assertEquals("a", patch.key());
    assertEquals(1, accounts.get("a").orElseThrow().visits());
  }

  @Test
  void willSaveHooksMayReplaceTheModelThatIsWritten() {
    accounts.hooks().on(Hook.Event.WILL_SAVE, ctx -> ctx.model(ctx.model().withNote("stamped")));
    Account a = accounts.insert(Account.of("a@example.org", 1));
    assertEquals("stamped", a.note());
    assertEquals("stamped", accounts.get(a.id()).orElseThrow().note());
  }

  @Test
  void didHooksSeeAndMayReplaceResults() {
    List<Object> seen = new ArrayList<>();
    accounts.hooks().on(Hook.Event.DID_DELETE, ctx -> seen.add(ctx.result()));
    accounts
        .hooks()
        .on(
            Hook.Event.DID_GET,
            ctx ->
                ctx.result(((Optional<?>) ctx.result()).map(m -> ((Account) m).withNote("seen"))));
    accounts.save(Account.of("a@example.org", 1).withId("a"));
    assertEquals("seen", accounts.get("a").orElseThrow().note());
    accounts.delete("a");
    accounts.delete("a");
    assertEquals(List.of(true, false), seen);
  }

  @Test
  void limitsAreCheckedBeforeTheStore() {
    LimitExceededException key =
        assertThrows(
            LimitExceededException.class,
            () -> accounts.save(Account.of("a@example.org", 1).withId("k".repeat(70))));
    assertTrue(key.getMessage().contains("(maxKeyBytes) is 64"), key.getMessage());
    LimitExceededException entry =
        assertThrows(
            LimitExceededException.class,
            () -> accounts.save(Account.of("a".repeat(60) + "@x.org", 1).withId("k")));
    assertTrue(entry.getMessage().contains("index entry for field 'email'"), entry.getMessage());
    assertEquals(0, accounts.count());

    List<Account> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(Account.of("a@example.org", i).withId("k" + i));
    }
    assertThrows(LimitExceededException.class, () -> accounts.saveAll(eleven));
    assertThrows(
        LimitExceededException.class,
        () -> accounts.find(Account_.visits.gte(0), PageRequest.first(51)));
    assertEquals(0, accounts.count());
  }

  @Test
  void updateChecksTheLimitsInsertChecks() {
    Account stored = accounts.save(Account.of("a@example.org", 1).withId("k"));
    // An index entry of the value a patch sets: insert refused it, update wrote it.
    LimitExceededException entry =
        assertThrows(
            LimitExceededException.class,
            () -> accounts.update("k", p -> p.email("a".repeat(60) + "@x.org")));
    assertTrue(entry.getMessage().contains("index entry for field 'email'"), entry.getMessage());
    assertEquals("update", entry.operation());
    // A value no format would read back is refused naming the field.
    ValidationException text =
        assertThrows(
            ValidationException.class,
            () -> accounts.update("k", p -> p.note("half a pair \uD83D")));
    assertEquals("note", text.violations().get(0).path());
    // A value larger than a whole record.
    LimitExceededException record =
        assertThrows(
            LimitExceededException.class,
            () -> accounts.update("k", p -> p.note("n".repeat(1 << 20))));
    assertTrue(record.getMessage().contains("maxRecordBytes"), record.getMessage());
    assertEquals(stored, accounts.get("k").orElseThrow());
  }

  @Test
  void aBatchWithAKeyTwiceIsRejected() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                accounts.saveAll(
                    List.of(
                        Account.of("a@example.org", 1).withId("k"),
                        Account.of("b@example.org", 1).withId("k"))));
    assertEquals("[1]", e.violations().get(0).path());
    assertEquals(0, accounts.count());
  }

  @Test
  void aPatchMayNotChangeAFieldTwice() {
    accounts.save(Account.of("a@example.org", 1).withId("a"));
    AccountPatch twice = new AccountPatch().incrementVisits(1).visits(3);
    assertThrows(IllegalArgumentException.class, () -> accounts.update("a", twice));
    assertEquals(1, accounts.get("a").orElseThrow().visits());
  }

  @Test
  void errorsNameDriverBucketKeyAndOperation() {
    accounts.save(Account.of("a@example.org", 1).withId("a"));
    ConcurrentUpdateException e =
        assertThrows(
            ConcurrentUpdateException.class,
            () -> accounts.save(Account.of("a@example.org", 2).withId("a")));
    assertTrue(
        e.getMessage().endsWith("[operation=save, driver=db (memory), bucket=accounts, key=a]"),
        e.getMessage());
  }
}
