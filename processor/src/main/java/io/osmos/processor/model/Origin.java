package io.osmos.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where something came from in the user's source, so a diagnostic points at the right line: the
 * element, and where relevant the annotation on it and one of its values.
 *
 * @param element the element (never a record component: javac has no position for those, so the
 *     record's field is used instead)
 * @param mirror the annotation, or null
 * @param value the annotation's value, or null
 */
public record Origin(Element element, AnnotationMirror mirror, AnnotationValue value) {
  public static Origin of(Element element) {
    return new Origin(element, null, null);
  }

  public static Origin of(Element element, AnnotationMirror mirror) {
    return new Origin(element, mirror, null);
  }

  /** The same element and annotation, pointing at one of its values. */
  public Origin at(AnnotationValue v) {
    return new Origin(element, mirror, v);
  }
}
