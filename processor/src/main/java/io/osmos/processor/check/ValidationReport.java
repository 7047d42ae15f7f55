package io.osmos.processor.check;

import io.osmos.processor.model.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;

/**
 * What the check stage found wrong with one type: a value, built once and printed once. Its entries
 * point at the element (and annotation value) at fault. The reports of the embeddables the type
 * nests are attached as subreports: a type is fit to generate code for only when they are clean
 * too, but their entries are printed with their own type.
 */
public final class ValidationReport {
  private final Element subject;
  private final List<Item> items;
  private final List<ValidationReport> subreports;
  private boolean printed;

  private ValidationReport(Element subject, List<Item> items, List<ValidationReport> subreports) {
    this.subject = subject;
    this.items = List.copyOf(items);
    this.subreports = List.copyOf(subreports);
  }

  /** One diagnostic: a catalogue entry, where it points, and the values its templates take. */
  public record Item(Message message, Origin origin, List<Object> args) {
    public Item {
      // Not List.copyOf: a value at fault may be null (an attribute left out).
      args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** The text javac prints: {@code [id] text; hint}. */
    public String text() {
      return message.format(args.toArray());
    }
  }

  /** A report about {@code subject}, to which the validators add entries. */
  public static Builder about(Element subject) {
    return new Builder(subject);
  }

  /** The element the report is about. */
  public Element subject() {
    return subject;
  }

  /** The entries about the type itself, in the order found. */
  public List<Item> items() {
    return items;
  }

  /** The reports of the types this one depends on. */
  public List<ValidationReport> subreports() {
    return subreports;
  }

  /** The same entries, with {@code subreports} attached. */
  ValidationReport withSubreports(List<ValidationReport> subreports) {
    return new ValidationReport(subject, items, subreports);
  }

  /** Whether neither this report nor a subreport has an error (warnings do not count). */
  public boolean isClean() {
    if (hasErrors()) {
      return false;
    }
    for (ValidationReport r : subreports) {
      if (!r.isClean()) {
        return false;
      }
    }
    return true;
  }

  private boolean hasErrors() {
    for (Item i : items) {
      if (i.message().kind() == Message.Kind.ERROR) {
        return true;
      }
    }
    return false;
  }

  /** Prints the entries about the type itself, the first time it is called. */
  public void printTo(Messager messager) {
    if (printed) {
      return;
    }
    printed = true;
    for (Item i : items) {
      Origin at = i.origin();
      messager.printMessage(
          i.message().kind().diagnostic(), i.text(), at.element(), at.mirror(), at.value());
    }
  }

  /** Collects the entries of one report. */
  public static final class Builder {
    private final Element subject;
    private final List<Item> items = new ArrayList<>();

    private Builder(Element subject) {
      this.subject = subject;
    }

    /** Adds an entry of {@code message} at {@code at}; checking carries on. */
    public Builder add(Message message, Origin at, Object... args) {
      items.add(new Item(message, at, Arrays.asList(args)));
      return this;
    }

    public ValidationReport build() {
      return new ValidationReport(subject, items, List.of());
    }
  }
}
