package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A model whose field type another processor generates is processed once that type exists, in a
 * later round, instead of failing in the first.
 */
class DeferralTest {
  /** Generates {@code com.acme.Tier} in the first round, as another processor might. */
  static final class TierGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      try (Writer w = processingEnv.getFiler().createSourceFile("com.acme.Tier").openWriter()) {
        w.write("package com.acme;\n\npublic enum Tier { FREE, PRO }\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }

  @Test
  void modelReferringToGeneratedTypeIsDeferred() {
    JavaFileObject user =
        JavaFileObjects.forSourceString(
            "com.acme.User",
            """
            package com.acme;

            import io.osmos.annotations.Key;
            import io.osmos.annotations.Model;

            @Model(bucket = "users", driver = "db")
            public record User(@Key String id, Tier tier) {}
            """);
    Compilation c =
        Compiler.javac().withProcessors(new TierGenerator(), new OsmosProcessor()).compile(user);
    assertThat(c).succeeded();
    assertThat(c)
        .generatedSourceFile("com/acme/User_")
        .contentsAsUtf8String()
        .contains("Codecs.<Tier>enumeration(Tier.values())");
  }

  @Test
  void modelNestingAnEmbeddableThatWaitsForAGeneratedTypeIsDeferredToo() {
    JavaFileObject user =
        JavaFileObjects.forSourceString(
            "com.acme.User",
            """
            package com.acme;

            import io.osmos.annotations.Key;
            import io.osmos.annotations.Model;

            @Model(bucket = "users", driver = "db")
            public record User(@Key String id, Plan plan) {}
            """);
    JavaFileObject plan =
        JavaFileObjects.forSourceString(
            "com.acme.Plan",
            """
            package com.acme;

            import io.osmos.annotations.Embeddable;

            @Embeddable
            public record Plan(String name, Tier tier) {}
            """);
    Compilation c =
        Compiler.javac()
            .withProcessors(new TierGenerator(), new OsmosProcessor())
            .compile(user, plan);
    assertThat(c).succeeded();
    assertThat(c)
        .generatedSourceFile("com/acme/User_")
        .contentsAsUtf8String()
        .contains("Plan_.CODEC");
    assertThat(c)
        .generatedSourceFile("com/acme/Plan_")
        .contentsAsUtf8String()
        .contains("Codecs.<Tier>enumeration(Tier.values())");
  }
}
