package io.osmos.query;

import io.osmos.validation.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Field-level changes applied atomically by {@code update(key, patch)}. Generated {@code XPatch}
 * classes extend it with one typed setter per field ({@code email(String)}) and one {@code
 * incrementX} per numeric field; keys and versions cannot be patched.
 *
 * @param <T> the model
 */
public abstract class Patch<T> {
  private final List<Op<T>> ops = new ArrayList<>();
  private long expectedVersion = -1;

  /** One change. */
  public sealed interface Op<T> permits Set, Increment {
    Property<T, ?> property();
  }

  /** Sets a field (null clears it, when the field is nullable). */
  public record Set<T, V>(Property<T, V> property, V value) implements Op<T> {}

  /** Adds {@code delta} to a numeric field (a missing value counts as 0). */
  public record Increment<T>(NumberProperty<T, ?> property, Number delta) implements Op<T> {}

  protected Patch() {}

  /** Records a set; generated setters call this. */
  protected final <V> void addSet(Property<T, V> property, V value) {
    ops.add(new Set<>(property, value));
  }

  /** Records an increment; generated {@code incrementX} methods call this. */
  protected final void addIncrement(NumberProperty<T, ?> property, Number delta) {
    ops.add(new Increment<>(property, Objects.requireNonNull(delta)));
  }

  /** Makes the update conditional on the stored {@code @Version}. */
  protected final void setExpectedVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was " + version);
    }
    this.expectedVersion = version;
  }

  public final List<Op<T>> ops() {
    return List.copyOf(ops);
  }

  public final boolean isEmpty() {
    return ops.isEmpty();
  }

  /** The version the stored model must have, if the patch is conditional. */
  public final OptionalLong expectedVersion() {
    return expectedVersion < 0 ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
  }

  /** Checks the values this patch sets against the fields' constraints (generated). */
  public abstract void validate(Violations violations);
}
