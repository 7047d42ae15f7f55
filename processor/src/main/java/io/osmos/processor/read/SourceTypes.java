package io.osmos.processor.read;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The qualified names of the types declared in the sources of the compilation so far, nested types
 * included: those of the user, and those processors generated in earlier rounds.
 */
public final class SourceTypes {
  private final Set<String> names = new HashSet<>();

  /** Adds the types of a round's sources. */
  public void add(RoundEnvironment round) {
    for (TypeElement t : ElementFilter.typesIn(round.getRootElements())) {
      add(t);
    }
  }

  private void add(TypeElement t) {
    names.add(t.getQualifiedName().toString());
    for (TypeElement nested : ElementFilter.typesIn(t.getEnclosedElements())) {
      add(nested);
    }
  }

  public boolean contains(String qualifiedName) {
    return names.contains(qualifiedName);
  }
}
