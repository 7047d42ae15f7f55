package io.osmos.processor.read;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * Tells whether an element was written in source. Needed for record accessors: javac reports an
 * implicit accessor's origin as explicit, so only the presence of a syntax tree tells them apart.
 * Outside javac (no {@code com.sun.source} trees) every accessor counts as implicit.
 */
abstract class SourceTrees {
  abstract boolean hasSource(Element element);

  static SourceTrees of(ProcessingEnvironment env) {
    try {
      com.sun.source.util.Trees trees = com.sun.source.util.Trees.instance(env);
      return new SourceTrees() {
        @Override
        boolean hasSource(Element element) {
          try {
            return trees.getTree(element) != null;
          } catch (RuntimeException e) {
            return false;
          }
        }
      };
    } catch (RuntimeException | LinkageError e) {
      return new SourceTrees() {
        @Override
        boolean hasSource(Element element) {
          return false;
        }
      };
    }
  }
}
