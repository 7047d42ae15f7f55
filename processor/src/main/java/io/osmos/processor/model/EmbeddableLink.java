package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * The edge from a field's type to the embeddable it nests. Embeddables may nest each other in a
 * cycle, so the read stage creates the edge first and binds it, once, when it has read the target;
 * after the read stage every edge is bound and the graph does not change.
 */
public final class EmbeddableLink {
  private final ClassName name;
  private ModelInfo model;

  public EmbeddableLink(ClassName name) {
    this.name = name;
  }

  /** Binds the edge to the node read for {@link #name()}. */
  public void bind(ModelInfo target) {
    if (model != null) {
      throw new IllegalStateException(name + " is already bound");
    }
    if (!target.name().equals(name)) {
      throw new IllegalArgumentException(target.name() + " is not " + name);
    }
    model = target;
  }

  public ClassName name() {
    return name;
  }

  /** The embeddable's node. */
  public ModelInfo model() {
    if (model == null) {
      throw new IllegalStateException(name + " was not read");
    }
    return model;
  }

  @Override
  public String toString() {
    // The node is left out: it may lead back here.
    return "EmbeddableLink[" + name + "]";
  }
}
