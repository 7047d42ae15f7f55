package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The repository index of one compilation: {@code META-INF/services/io.osmos.RepositoryFactory},
 * listing the factory of every repository generated (the nested {@code XRepository.Factory}, or any
 * other class implementing {@code io.osmos.RepositoryFactory}). Entries are collected over all
 * rounds and written once, in the last round, sorted, so the file is the same whatever the order of
 * rounds and models.
 *
 * <p>An incremental compilation recompiles some models only: the entries of the file the previous
 * compilation left in the class output are kept when their class still exists, as a services file
 * cannot be appended to.
 */
public final class RepositoryIndexWriter {
  /** The simple name of the factory nested in each generated repository. */
  public static final String FACTORY = "Factory";

  /** The path of the index in the class output. */
  public static final String RESOURCE = "META-INF/services/io.osmos.RepositoryFactory";

  /** Factory binary names (as ServiceLoader reads them) to the type each was generated for. */
  private final SortedMap<String, String> entries = new TreeMap<>();

  private boolean written;

  /** Indexes the factory nested in {@code repository}, generated for the type {@code origin}. */
  public void addRepository(ClassName repository, String origin) {
    add(repository.nestedClass(FACTORY).reflectionName(), origin);
  }

  /**
   * Indexes a factory class.
   *
   * @param factoryBinaryName its binary name, e.g. {@code com.acme.Books_$Factory}
   * @param origin the canonical name of the type it was generated for (its originating element)
   */
  public void add(String factoryBinaryName, String origin) {
    if (written) {
      throw new IllegalStateException("the repository index is written already");
    }
    entries.put(factoryBinaryName, origin);
  }

  /** The entries so far, sorted. */
  public List<String> entries() {
    return new ArrayList<>(entries.keySet());
  }

  /**
   * Writes the index, once, if this compilation indexed anything.
   *
   * @param classExists whether the compiler sees a class of this canonical name (for the entries of
   *     a previous compilation)
   * @param origins the types the entries were generated for (see {@link #origins()}), resolved
   */
  public void write(Filer filer, Predicate<String> classExists, Element... origins)
      throws IOException {
    if (written || entries.isEmpty()) {
      return;
    }
    written = true;
    SortedMap<String, String> all = new TreeMap<>(entries);
    for (String previous : previousEntries(filer)) {
      // A class of the previous compilation still exists when the compiler can see it.
      if (!all.containsKey(previous) && classExists.test(previous.replace('$', '.'))) {
        all.put(previous, null);
      }
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : all.entrySet()) {
      text.append(e.getKey()).append('\n');
    }
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE, origins);
    try (Writer out = file.openWriter()) {
      out.write(text.toString());
    }
  }

  /** The canonical names of the types the entries were generated for, sorted. */
  public List<String> origins() {
    return new ArrayList<>(new java.util.TreeSet<>(entries.values()));
  }

  /** The entries of the index in the class output before this compilation, if any. */
  private static List<String> previousEntries(Filer filer) {
    List<String> out = new ArrayList<>();
    try {
      FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
      try (Reader r = new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8);
          BufferedReader lines = new BufferedReader(r)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          int hash = line.indexOf('#');
          String name = (hash < 0 ? line : line.substring(0, hash)).trim();
          if (!name.isEmpty()) {
            out.add(name);
          }
        }
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      // a first compilation
    } catch (IOException | IllegalArgumentException e) {
      // Some compilers cannot read the class output (or refuse to): index this compilation only.
    }
    return out;
  }
}
