package io.osmos.processor.write;

import com.palantir.javapoet.NameAllocator;

/** Allocating names without JavaPoet's default tag. */
final class Fresh {
  private Fresh() {}

  /**
   * {@code allocator.newName(suggestion)} with a plain object as the tag: the one-argument form
   * tags each name with {@code UUID.randomUUID()}, which costs a {@code SecureRandom} draw per name
   * (and its seeding once per compile) for a tag nobody looks up.
   */
  static String name(NameAllocator allocator, String suggestion) {
    return allocator.newName(suggestion, new Object());
  }
}
