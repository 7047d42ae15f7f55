package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics of Jakarta Data repositories: the id, the whole message and the line javac points
 * at, which is the method at fault.
 */
class RepositoryDiagnosticsTest {
  private static final String IMPORTS =
      """
      package com.acme;

      import io.osmos.annotations.*;
      import jakarta.data.Limit;
      import jakarta.data.page.*;
      import jakarta.data.repository.*;
      import java.util.*;

      """;

  private static final JavaFileObject BOOK =
      source(
          "Book",
          """
          @Model(bucket = "books", driver = "db")
          public record Book(
              @Key String isbn,
              @Index String title,
              @Index String author,
              @Index int year,
              int pages) {}
          """);

  private static JavaFileObject source(String name, String body) {
    return ModelCompiler.source("com.acme." + name, IMPORTS + body);
  }

  private static JavaFileObject books(String methods) {
    return source(
        "Books",
        "@Repository\npublic interface Books extends CrudRepository<Book, String> {\n"
            + methods
            + "}\n");
  }

  private static Compilation compile(List<String> options, JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(new OsmosProcessor())
        .withOptions(options)
        .compile(sources);
  }

  /** Compiles the repository with {@link #BOOK}; it must get {@code message} on the line given. */
  private static void assertError(String message, String line, JavaFileObject repository) {
    Compilation c = compile(List.of(), repository, BOOK);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(repository).onLineContaining(line);
  }

  @Test
  void aRepositoryWithoutSupertypeTakesEachMethodsEntity() {
    JavaFileObject library =
        source(
            "Library",
            """
            @Repository(dataStore = "archive")
            public interface Library {
              @Insert
              Book add(Book book);

              @Find
              List<Book> byAuthor(String author);

              long countByYear(int year);

              @Delete
              void remove(Book book);
            }
            """);
    Compilation c = compile(List.of(), library, BOOK);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com.acme.Library_")
        .contentsAsUtf8String()
        .contains("new JakartaOperations<>(new BookRepository(osmos, \"archive\"), Map.of())");
  }

  @Test
  void unknownAttributeWithACloseName() {
    assertError(
        "[osmos.query.attribute] findByTitel() refers to titel, which Book does not have; did you"
            + " mean title?",
        "findByTitel(",
        books("  List<Book> findByTitel(String title);\n"));
  }

  @Test
  void unknownAttribute() {
    assertError(
        "[osmos.query.attribute] findByPublisher() refers to publisher, which Book does not have;"
            + " attributes of Book: isbn, title, author, year, pages",
        "findByPublisher(",
        books("  List<Book> findByPublisher(String publisher);\n"));
  }

  @Test
  void unknownAttributeOfFind() {
    assertError(
        "[osmos.query.attribute] byWriter() refers to writer, which Book does not have;"
            + " attributes of Book: isbn, title, author, year, pages",
        "byWriter(",
        books("  @Find\n  List<Book> byWriter(String writer);\n"));
  }

  @Test
  void unknownAttributeOfOrderBy() {
    assertError(
        "[osmos.query.attribute] byAuthor() refers to yaer, which Book does not have; did you mean"
            + " year?",
        "byAuthor(",
        books("  @Find\n  @OrderBy(\"yaer\")\n  List<Book> byAuthor(String author);\n"));
  }

  @Test
  void parameterOfTheWrongType() {
    assertError(
        "[osmos.query.parameterType] parameter year of findByYearGreaterThan() is a"
            + " java.lang.String, but the condition on Book.year needs int; declare the parameter"
            + " as int",
        "findByYearGreaterThan(",
        books("  List<Book> findByYearGreaterThan(String year);\n"));
  }

  @Test
  void inNeedsACollection() {
    assertError(
        "[osmos.query.parameterType] parameter author of findByAuthorIn() is a java.lang.String,"
            + " but the condition on Book.author needs a List<String>; declare the parameter as a"
            + " List<String>",
        "findByAuthorIn(",
        books("  List<Book> findByAuthorIn(String author);\n"));
  }

  @Test
  void likeOnANumber() {
    assertError(
        "[osmos.query.parameterType] findByYearLike() applies Like to Book.year, which is a int;"
            + " Like applies to String attributes",
        "findByYearLike(",
        books("  List<Book> findByYearLike(String pattern);\n"));
  }

  @Test
  void trueOnANumber() {
    assertError(
        "[osmos.query.parameterType] findByYearTrue() compares year (a int) with TRUE; compare it"
            + " with a value of type int",
        "findByYearTrue(",
        books("  List<Book> findByYearTrue();\n"));
  }

  @Test
  void missingParameter() {
    assertError(
        "[osmos.query.parameterCount] findByYearBetween() takes 1 query parameter(s) but its query"
            + " needs 2; add a parameter for each value the conditions compare with, in order",
        "findByYearBetween(",
        books("  List<Book> findByYearBetween(int from);\n"));
  }

  @Test
  void returnTypeOfACount() {
    assertError(
        "[osmos.query.returnType] countByAuthor() returns java.lang.String, which does not fit a"
            + " count; return long",
        "countByAuthor(",
        books("  String countByAuthor(String author);\n"));
  }

  @Test
  void returnTypeOfAFind() {
    assertError(
        "[osmos.query.returnType] findByAuthor() returns java.util.List<java.lang.String>, which"
            + " does not fit a find; return Book, Optional<Book>, List<Book>, Book[],"
            + " Stream<Book>, or with a PageRequest parameter Page<Book> or CursoredPage<Book>",
        "findByAuthor(",
        books("  List<String> findByAuthor(String author);\n"));
  }

  @Test
  void pageWithoutPageRequest() {
    assertError(
        "[osmos.query.returnType] findByAuthor() returns jakarta.data.page.Page<com.acme.Book>,"
            + " which does not fit a find; return jakarta.data.page.Page<com.acme.Book> with a"
            + " PageRequest parameter, or List<Book>",
        "findByAuthor(",
        books("  Page<Book> findByAuthor(String author);\n"));
  }

  @Test
  void returnTypeOfALifecycleMethod() {
    assertError(
        "[osmos.query.returnType] add() returns java.lang.String, which does not fit @Insert;"
            + " return void or Book",
        "add(",
        books("  @Insert\n  String add(Book book);\n"));
  }

  @Test
  void methodNameThatIsNotAQuery() {
    assertError(
        "[osmos.query.methodName] the name findByTitleAnd() is not a query at column 12: And must"
            + " stand between two conditions; write find|count|exists|delete, then By and"
            + " conditions such as TitleAndPriceLessThan, then OrderBy and attributes with Asc or"
            + " Desc",
        "findByTitleAnd(",
        books("  List<Book> findByTitleAnd(String title);\n"));
  }

  @Test
  void methodTheProcessorCannotInterpret() {
    assertError(
        "[osmos.repository.method] cannot interpret shelve(): it has no @Find, @Query, @Insert,"
            + " @Update, @Save or @Delete, and its name is not a query; annotate it, name it"
            + " findBy..., countBy..., existsBy... or deleteBy..., or give it a default body",
        "shelve(",
        books("  void shelve(Book book);\n"));
  }

  @Test
  void lifecycleMethodWithoutAnEntity() {
    assertError(
        "[osmos.repository.method] @Save method keep() takes java.lang.String; a lifecycle method"
            + " takes one Book, a List<Book> or a Book[]",
        "keep(",
        books("  @Save\n  void keep(String isbn);\n"));
  }

  @Test
  void specialParameterOnACount() {
    assertError(
        "[osmos.repository.method] countByAuthor() takes jakarta.data.Limit, which only methods"
            + " that find entities take; remove the parameter, or make the method a find method",
        "countByAuthor(",
        books("  long countByAuthor(String author, Limit limit);\n"));
  }

  @Test
  void entityThatIsNotAModel() {
    JavaFileObject note = source("Note", "public record Note(String id, String text) {}\n");
    JavaFileObject notes =
        source(
            "Notes",
            "@Repository\npublic interface Notes extends CrudRepository<Note, String> {\n"
                + "  List<Note> findByText(String text);\n}\n");
    Compilation c = compile(List.of(), notes, note);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.repository.entity] Note, the entity of findByText(), is not an Osmos model;"
                + " annotate Note with @Model(bucket = \"...\") so the processor knows how it is"
                + " stored")
        .inFile(notes)
        .onLineContaining("findByText(");
  }

  @Test
  void entityThatIsAStreamModel() {
    JavaFileObject click =
        source(
            "Click",
            "@Model(bucket = \"clicks\", driver = \"events\", kind = Model.Kind.STREAM)\n"
                + "public record Click(@Key String id, @Timestamp java.time.Instant at) {}\n");
    JavaFileObject clicks =
        source(
            "Clicks",
            "@Repository\npublic interface Clicks extends BasicRepository<Click, String> {\n"
                + "  List<Click> findById(String id, Limit limit);\n}\n");
    Compilation c = compile(List.of(), clicks, click);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.repository.entity] Click, the entity of findById(), is a stream model; a"
                + " Jakarta Data repository stores documents: use a model of kind DOCUMENT, or the"
                + " generated ClickRepository for the stream")
        .inFile(clicks)
        .onLineContaining("findById(String id, Limit");
  }

  @Test
  void keyTypeThatIsNotTheModelsKey() {
    JavaFileObject repository =
        source(
            "Books",
            "@Repository\npublic interface Books extends CrudRepository<Book, Long> {\n}\n");
    assertError(
        "[osmos.repository.entity] Books declares the key type Long for Book, whose @Key is a"
            + " String; declare the repository with the key type String",
        "@Repository",
        repository);
  }

  @Test
  void entityOfAPlainRepositoryCannotBeTold() {
    JavaFileObject repository =
        source(
            "Finder",
            "@Repository\npublic interface Finder {\n  long countByTitle(String title);\n}\n");
    assertError(
        "[osmos.repository.entity] cannot tell which entity countByTitle() works on; extend"
            + " CrudRepository<Entity, Key> (or BasicRepository, DataRepository), or let the"
            + " method take or return the entity",
        "countByTitle(",
        repository);
  }

  @Test
  void conditionWithoutAnIndexIsAWarning() {
    JavaFileObject repository = books("  List<Book> findByPagesGreaterThan(int pages);\n");
    Compilation c = compile(List.of(), repository, BOOK);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining(
            "[osmos.query.unindexed] findByPagesGreaterThan() has a condition on Book.pages, which"
                + " neither the key nor an @Index serves: drivers that evaluate queries with their"
                + " indexes only (Redis, Riak) decline the method with"
                + " UnsupportedOperationException; add @Index to Book.pages, or compile with"
                + " -Aosmos.unindexed=error to make this an error")
        .inFile(repository)
        .onLineContaining("findByPagesGreaterThan(");
  }

  @Test
  void conditionWithoutAnIndexCanBeAcknowledged() {
    JavaFileObject repository =
        books(
            "  @SuppressWarnings(\"osmos.query.unindexed\")\n"
                + "  List<Book> findByPagesGreaterThan(int pages);\n");
    assertThat(compile(List.of(), repository, BOOK)).succeededWithoutWarnings();
  }

  @Test
  void conditionWithoutAnIndexIsAnErrorWhenAsked() {
    JavaFileObject repository = books("  List<Book> findByTitleOrderByPages(String title);\n");
    Compilation c = compile(List.of("-Aosmos.unindexed=error"), repository, BOOK);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.query.unindexed] findByTitleOrderByPages() sorts on Book.pages, which neither"
                + " the key nor an @Index serves (-Aosmos.unindexed=error); add @Index to"
                + " Book.pages")
        .inFile(repository)
        .onLineContaining("findByTitleOrderByPages(");
  }

  @Test
  void oneCharacterStringIsACharLiteral() {
    JavaFileObject letter =
        source(
            "Letter",
            "@Model(bucket = \"letters\", driver = \"db\")\n"
                + "public record Letter(@Key String id, @Index char glyph) {}\n");
    JavaFileObject letters =
        source(
            "Letters",
            "@Repository\npublic interface Letters extends CrudRepository<Letter, String> {\n"
                + "  @Query(\"WHERE glyph NOT IN ('E', '''') AND glyph <> 'G'\")\n"
                + "  List<Letter> others();\n}\n");
    Compilation c = compile(List.of(), letters, letter);
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("com/acme/Letters_").contentsAsUtf8String().contains("'E'");
    assertThat(c)
        .generatedSourceFile("com/acme/Letters_")
        .contentsAsUtf8String()
        .contains("(char) 39");
    assertError(
        "[osmos.query.parameterType] two() compares year (a int) with 'EF'",
        "two()",
        books("  @Query(\"WHERE year = 'EF'\")\n  List<Book> two();\n"));
  }

  @Test
  void unsupportedQueryIsDeclinedWhenAsked() {
    JavaFileObject repository =
        books("  @Query(\"WHERE pages + 1 > ?1\")\n  List<Book> longerThan(int pages);\n");
    Compilation c = compile(List.of("-Aosmos.unsupported=decline"), repository, BOOK);
    assertThat(c)
        .hadWarningContaining(
            "[osmos.repository.declined] longerThan() is generated to throw"
                + " UnsupportedOperationException (-Aosmos.unsupported=decline) because"
                + " [osmos.query.unsupported]")
        .inFile(repository)
        .onLineContaining("longerThan(");
    assertThat(c)
        .generatedSourceFile("com/acme/Books_")
        .contentsAsUtf8String()
        .contains(
            "throw new UnsupportedOperationException(\"Osmos does not implement"
                + " Books.longerThan(): [osmos.query.unsupported]");
  }

  @Test
  void misspeltAttributeIsAnErrorEvenWhenDeclining() {
    JavaFileObject repository = books("  List<Book> findByTitel(String title);\n");
    Compilation c = compile(List.of("-Aosmos.unsupported=decline"), repository, BOOK);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[osmos.query.attribute] findByTitel()")
        .inFile(repository)
        .onLineContaining("findByTitel(");
  }

  @Test
  void nestedAttribute() {
    JavaFileObject address =
        source("Address", "@Embeddable\npublic record Address(String city) {}\n");
    JavaFileObject person =
        source(
            "Person",
            "@Model(bucket = \"people\", driver = \"db\")\n"
                + "public record Person(@Key String id, Address address) {}\n");
    JavaFileObject people =
        source(
            "People",
            "@Repository\npublic interface People extends CrudRepository<Person, String> {\n"
                + "  List<Person> findByAddress_City(String city);\n}\n");
    Compilation c = compile(List.of(), people, person, address);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.query.attribute] findByAddress_City() refers to address.city, inside the"
                + " embedded Address; queries test top-level attributes; add the value as a"
                + " top-level field of Person to query it")
        .inFile(people)
        .onLineContaining("findByAddress_City(");
  }

  @Test
  void jdqlSyntaxError() {
    assertError(
        "[osmos.query.syntax] the @Query of byTitle() is not JDQL: at column 13, expected a"
            + " comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE but found"
            + " 'LIKEE'; did you mean LIKE?",
        "LIKEE",
        books("  @Query(\"WHERE title LIKEE :title\")\n  List<Book> byTitle(String title);\n"));
  }

  @Test
  void jdqlFunctionOsmosDoesNotEvaluate() {
    assertError(
        "[osmos.query.unsupported] the @Query of shortTitles() uses 'LENGTH' at column 7, which"
            + " Osmos does not evaluate; Osmos evaluates the functions LOWER(), UPPER(), ID(THIS)"
            + " and COUNT(THIS) only",
        "LENGTH",
        books("  @Query(\"WHERE LENGTH(title) < 5\")\n  List<Book> shortTitles();\n"));
  }

  @Test
  void jdqlCurrentDate() {
    JavaFileObject event =
        source(
            "Event",
            "@Model(bucket = \"events\", driver = \"db\")\n"
                + "public record Event(@Key String id, @Index java.time.LocalDate day) {}\n");
    JavaFileObject events =
        source(
            "Events",
            "@Repository\npublic interface Events extends CrudRepository<Event, String> {\n"
                + "  @Query(\"WHERE day < LOCAL DATE\")\n  List<Event> past();\n}\n");
    Compilation c = compile(List.of(), events, event);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.query.unsupported] the @Query of past() uses LOCAL DATE, which Osmos does not"
                + " evaluate; pass the date or time as a parameter")
        .inFile(events)
        .onLineContaining("past(");
  }

  @Test
  void jdqlOsmosDoesNotEvaluate() {
    assertError(
        "[osmos.query.unsupported] the @Query of renumber() uses UPDATE, which Osmos does not"
            + " evaluate; read the entities with a find method and store them with @Update or"
            + " @Save",
        "UPDATE Book",
        books(
            "  @Query(\"UPDATE Book SET year = :year WHERE author = :author\")\n"
                + "  long renumber(int year, String author);\n"));
  }

  @Test
  void jdqlOfAnotherEntity() {
    assertError(
        "[osmos.query.attribute] byTitle() queries FROM Novel, but its entity is Book; write FROM"
            + " Book, or leave FROM out",
        "FROM Novel",
        books(
            "  @Query(\"FROM Novel WHERE title = :title\")\n  List<Book> byTitle(String title);\n"));
  }

  @Test
  void jdqlParameterWithoutAMethodParameter() {
    assertError(
        "[osmos.query.parameterCount] byTitle() has no parameter named name for the query; name a"
            + " parameter name, or give one @Param(\"name\")",
        "byTitle(",
        books("  @Query(\"WHERE title = :name\")\n  List<Book> byTitle(String title);\n"));
  }

  @Test
  void jdqlLiteralOfTheWrongType() {
    assertError(
        "[osmos.query.parameterType] recent() compares year (a int) with 'new'; compare it with a"
            + " value of type int",
        "recent(",
        books("  @Query(\"WHERE year > 'new'\")\n  List<Book> recent();\n"));
  }
}
