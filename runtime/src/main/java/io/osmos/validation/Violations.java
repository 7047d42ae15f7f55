package io.osmos.validation;

import io.osmos.codec.CodecLimits;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.Violation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects constraint violations while generated code checks a model, keeping the dotted path of
 * the value being checked ({@code address.city}, {@code tags[2]}).
 */
public final class Violations {
  private final Clock clock;
  private Instant now;
  private final List<Violation> violations = new ArrayList<>();
  private final StringBuilder path = new StringBuilder();
  private int[] marks = new int[16];
  private int depth;

  /** Violations checked against the system clock. */
  public Violations() {
    this(Clock.systemUTC());
  }

  /** Violations whose {@code @Past}/{@code @Future} checks use {@code clock}. */
  public Violations(Clock clock) {
    this.clock = clock;
  }

  /** The instant {@code @Past}/{@code @Future} compare against: fixed for one validation. */
  public Instant now() {
    if (now == null) {
      now = clock.instant();
    }
    return now;
  }

  /** The clock, for temporal types other than {@code Instant}. */
  public Clock clock() {
    return clock;
  }

  /** Enters a named field; pair with {@link #pop()}. */
  public Violations push(String name) {
    mark();
    if (path.length() > 0) {
      path.append('.');
    }
    path.append(name);
    return this;
  }

  /** Enters an element of a list or set; pair with {@link #pop()}. */
  public Violations pushIndex(int index) {
    mark();
    path.append('[').append(index).append(']');
    return this;
  }

  /** Enters a value of a map; pair with {@link #pop()}. */
  public Violations pushKey(String key) {
    mark();
    path.append('[').append(quote(key)).append(']');
    return this;
  }

  public Violations pop() {
    path.setLength(marks[--depth]);
    return this;
  }

  private void mark() {
    if (depth == marks.length) {
      // Checks recurse into nested values; deeper than any format stores, they stop.
      if (depth >= CodecLimits.MAX_DEPTH) {
        String at =
            path.length() <= 200 ? path.toString() : "..." + path.substring(path.length() - 197);
        throw new LimitExceededException(
            "'"
                + at
                + "': values nested more than "
                + CodecLimits.MAX_DEPTH
                + " deep; every format stores at most "
                + CodecLimits.MAX_DEPTH
                + " levels; nothing was written");
      }
      marks = Arrays.copyOf(marks, Math.min(marks.length * 2, CodecLimits.MAX_DEPTH));
    }
    marks[depth++] = path.length();
  }

  /** Records a violation at the current path. */
  public void add(String message, Object invalidValue) {
    violations.add(
        new Violation(path.length() == 0 ? "<model>" : path.toString(), message, invalidValue));
  }

  /** Records a violation of the field {@code name} under the current path. */
  public void add(String name, String message, Object invalidValue) {
    push(name);
    add(message, invalidValue);
    pop();
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  public List<Violation> list() {
    return List.copyOf(violations);
  }

  private static String quote(String key) {
    return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
