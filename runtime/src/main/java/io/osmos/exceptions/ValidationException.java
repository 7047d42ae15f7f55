package io.osmos.exceptions;

import java.util.List;
import java.util.stream.Collectors;

/** A model (or patch) breaks its constraints; nothing was written. Lists every violation. */
public class ValidationException extends OsmosException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public ValidationException(String model, List<Violation> violations) {
    super(
        model
            + " is invalid: "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  /** Every violation, with its dotted path. */
  public List<Violation> violations() {
    return violations;
  }
}
