package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Users' names never break generated code: fields named like generated members, and models named
 * like generated nested types, still compile.
 */
class GeneratedNamesTest {
  @Test
  void fieldsNamedLikeGeneratedMembers() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.Odd",
                """
                package com.acme;

                import io.osmos.annotations.*;
                import jakarta.validation.constraints.*;
                import java.util.Optional;

                @Model(bucket = "odd", driver = "db")
                public record Odd(
                    @Key String MODEL,
                    @Index String NAMES,
                    @Email String model,
                    Optional<String> orNull,
                    @NotBlank String checkModel,
                    int in,
                    int out,
                    int field,
                    int result) {}
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com/acme/Odd_")
        .contentsAsUtf8String()
        .contains("public static final ModelSchema<Odd, String> MODEL_ = new Schema();");
    assertThat(c)
        .generatedSourceFile("com/acme/OddRepository")
        .contentsAsUtf8String()
        .contains("super(osmos, Odd_.MODEL_);");
  }

  @Test
  void patchMethodsNamedLikeInheritedMethods() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.Sleepy",
                """
                package com.acme;

                import io.osmos.annotations.*;

                @Model(bucket = "sleepy", driver = "db")
                public class Sleepy {
                  @Key public String id;
                  public long wait;
                  public int incrementHits;
                  public int hits;
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com/acme/SleepyPatch")
        .contentsAsUtf8String()
        .contains("public SleepyPatch wait_(long value) {");
    assertThat(c)
        .generatedSourceFile("com/acme/SleepyPatch")
        .contentsAsUtf8String()
        .contains("public SleepyPatch incrementHits_(int delta) {");
  }

  @Test
  void modelNamedLikeTheKeyRecord() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.Key",
                """
                package com.acme;

                import io.osmos.annotations.Model;

                @Model(bucket = "keys", driver = "db")
                public record Key(
                    @io.osmos.annotations.Key String ring,
                    @io.osmos.annotations.Key int slot) {}
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com/acme/KeyRepository")
        .contentsAsUtf8String()
        .contains("extends DocumentRepository<Key, Key_.Key>");
  }

  @Test
  void nestedModelGetsFlattenedNames() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.Shop",
                """
                package com.acme;

                import io.osmos.annotations.*;

                public class Shop {
                  @Model(bucket = "items", driver = "db")
                  public record Item(@Key String sku, Part part) {}

                  @Embeddable
                  public record Part(String name) {}
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com/acme/Shop_Item_")
        .contentsAsUtf8String()
        .contains("Shop_Part_.CODEC");
    assertThat(c)
        .generatedSourceFile("com/acme/Shop_ItemRepository")
        .contentsAsUtf8String()
        .contains("extends DocumentRepository<Shop.Item, String>");
  }

  @Test
  void invalidEmbeddableIsReportedOnceAndTheModelIsNotGenerated() {
    Compilation c =
        ModelCompiler.compile(
            ModelCompiler.source(
                "com.acme.User",
                """
                package com.acme;

                import io.osmos.annotations.*;

                @Model(bucket = "users", driver = "db")
                public record User(@Key String id, Address address) {}
                """),
            ModelCompiler.source(
                "com.acme.Address",
                """
                package com.acme;

                import io.osmos.annotations.*;

                @Embeddable
                public record Address(Object street) {}
                """));
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[osmos.field.type] field street has type Object");
  }
}
