package io.osmos.benchmarks.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sources of the compile-time benchmark: {@code count} models in the style of a real
 * application (a key, two indexes, numbers, an instant, a decimal, an enum, a list, an embedded
 * type, a version and constraints), plus the shared enum and embeddable they use.
 *
 * <p>Usage: {@code ModelSources <dir> [count]} (default 200).
 */
public final class ModelSources {
  private ModelSources() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve("com/example/models");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Files.createDirectories(dir);
    write(
        dir.resolve("Tier.java"),
        """
        package com.example.models;

        public enum Tier { FREE, PRO, ENTERPRISE }
        """);
    write(
        dir.resolve("Location.java"),
        """
        package com.example.models;

        import io.osmos.annotations.Embeddable;
        import jakarta.validation.constraints.NotBlank;

        @Embeddable
        public record Location(@NotBlank String city, String postcode, String country) {}
        """);
    for (int i = 0; i < count; i++) {
      String name = String.format("Entity%03d", i);
      write(
          dir.resolve(name + ".java"),
          String.format(
              """
          package com.example.models;

          import io.osmos.annotations.Index;
          import io.osmos.annotations.Key;
          import io.osmos.annotations.Model;
          import io.osmos.annotations.Version;
          import jakarta.validation.constraints.Email;
          import jakarta.validation.constraints.Min;
          import jakarta.validation.constraints.NotNull;
          import java.math.BigDecimal;
          import java.time.Instant;
          import java.util.List;

          @Model(bucket = "entity_%03d", driver = "db")
          public record %s(
              @Key String id,
              @Index @Email String email,
              @Min(0) int quantity,
              @Index @NotNull Instant createdAt,
              BigDecimal amount,
              Tier tier,
              List<String> tags,
              Location location,
              boolean active,
              @Version long version) {}
          """,
              i, name));
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
