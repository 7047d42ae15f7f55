package io.osmos.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterPolicyTest {
  @Test
  void theDefaultIsFiveAttemptsToTheTopicsDeadLetter() {
    assertEquals(5, DeadLetterPolicy.DEFAULT.maxDeliveryAttempts());
    assertEquals("clicks.dead-letter", DeadLetterPolicy.DEFAULT.topicFor("clicks"));
    assertEquals(
        "graveyard", DeadLetterPolicy.attempts(2).withTopic("graveyard").topicFor("clicks"));
  }

  @Test
  void aDeliveryIsTheLastWhenItsAttemptsAreUsedUpOrTheMessageIsUnprocessable() {
    DeadLetterPolicy three = DeadLetterPolicy.attempts(3);
    RuntimeException plain = new IllegalStateException("x");
    assertFalse(three.exhausted(2, plain));
    assertTrue(three.exhausted(3, plain));
    assertTrue(three.exhausted(4, plain));
    assertTrue(three.exhausted(1, new UnprocessableMessageException("bad", null)));
  }

  @Test
  void invalidPoliciesAreRefusedSayingWhatIsWrong() {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> DeadLetterPolicy.attempts(0));
    assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DeadLetterPolicy.attempts(2).withTopic(" "));
    IllegalArgumentException loop =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeadLetterPolicy.DEFAULT.withTopic("clicks").topicFor("clicks"));
    assertEquals(
        "the dead-letter topic of 'clicks' cannot be 'clicks' itself; name another"
            + " topic, or leave it out for 'clicks.dead-letter'",
        loop.getMessage());
  }

  @Test
  void urlParametersSetAttemptsAndTopic() {
    assertEquals(
        new DeadLetterPolicy(7, "dlq"),
        DeadLetterPolicy.DEFAULT.withParameters(
            Map.of("deadLetterAttempts", "7", "deadLetterTopic", "dlq", "other", "x")));
    assertEquals(DeadLetterPolicy.DEFAULT, DeadLetterPolicy.DEFAULT.withParameters(Map.of()));
    IllegalArgumentException word =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeadLetterPolicy.DEFAULT.withParameters(Map.of("deadLetterAttempts", "five")));
    assertEquals(
        "deadLetterAttempts must be a whole number of delivery attempts, at least 1,"
            + " was 'five'",
        word.getMessage());
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeadLetterPolicy.DEFAULT.withParameters(Map.of("deadLetterAttempts", "0")));
    assertEquals("deadLetterAttempts must be at least 1, was 0", none.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> DeadLetterPolicy.DEFAULT.withParameters(Map.of("deadLetterTopic", "")));
  }

  @Test
  void theDeadLetterKeepsDataAndAttributesAndSaysWhy() {
    ReceivedMessage m =
        new ReceivedMessage(
            "m-1", new byte[] {0, 1, 2}, Map.of("key", "k", DeadLetterPolicy.ATTEMPTS, "stale"), 3);
    Message dead =
        DeadLetterPolicy.deadLetter(m, "clicks", "workers", 3, new IllegalStateException("boom"));
    assertEquals(3, dead.data().length);
    assertEquals(
        Map.of(
            "key",
            "k",
            DeadLetterPolicy.ERROR,
            "java.lang.IllegalStateException: boom",
            DeadLetterPolicy.ATTEMPTS,
            "3",
            DeadLetterPolicy.SOURCE_TOPIC,
            "clicks",
            DeadLetterPolicy.SOURCE_SUBSCRIPTION,
            "workers",
            DeadLetterPolicy.SOURCE_MESSAGE_ID,
            "m-1"),
        dead.attributes());
    Message unacknowledged = DeadLetterPolicy.deadLetter(m, "clicks", "workers", 6, null);
    assertEquals(
        "delivered 6 times without being acknowledged (its consumers stopped while"
            + " handling it)",
        unacknowledged.attributes().get(DeadLetterPolicy.ERROR));
  }

  @Test
  void errorsAreEscapedToOneLineAndKeepReadableText() {
    String text =
        DeadLetterPolicy.describe(
            new IllegalArgumentException(
                "line\nforged\r\tend \\ \u202Eevil \u0000 \uD800 ключ 🔑"));
    // As every Osmos message escapes data (OsmosException.printable): a backslash stays one.
    assertEquals(
        "java.lang.IllegalArgumentException: line\\u000aforged\\u000d\\u0009end \\"
            + " \\u202eevil \\u0000 \\ud800 ключ 🔑",
        text);
  }

  @Test
  void longErrorsAreShortenedAtACharacterBoundary() {
    String text = DeadLetterPolicy.describe(new RuntimeException("é".repeat(2000)));
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= 1003, bytes + " bytes");
    assertTrue(text.endsWith("é\u2026"), text.substring(text.length() - 5));
    String escapes = DeadLetterPolicy.describe(new RuntimeException("\n".repeat(400)));
    assertTrue(escapes.endsWith("\\u000a\u2026"), "an escape is not cut in two");
  }
}
