package io.osmos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.OsmosException;
import io.osmos.exceptions.UnsupportedQueryException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import jakarta.data.exceptions.DataException;
import jakarta.data.exceptions.EntityExistsException;
import jakarta.data.exceptions.MappingException;
import jakarta.data.exceptions.OptimisticLockingFailureException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JakartaExceptionsTest {
  private static <E extends OsmosException> E placed(E e) {
    e.in("db (memory)", "books", "isbn-1", "insert");
    return e;
  }

  @Test
  void eachOsmosExceptionBecomesJakartasWithItsContext() {
    DuplicateKeyException duplicate = placed(new DuplicateKeyException("key taken"));
    RuntimeException e = JakartaExceptions.translate(duplicate);
    assertInstanceOf(EntityExistsException.class, e);
    assertSame(duplicate, e.getCause());
    assertEquals(
        "key taken [operation=insert, driver=db (memory), bucket=books, key=isbn-1]",
        e.getMessage());
    OsmosContext c = assertInstanceOf(OsmosContext.class, e);
    assertEquals("db (memory)", c.driver());
    assertEquals("books", c.bucket());
    assertEquals("isbn-1", c.key());
    assertEquals("insert", c.operation());
    assertSame(duplicate, c.osmosException());

    assertInstanceOf(
        OptimisticLockingFailureException.class,
        JakartaExceptions.translate(placed(new ConcurrentUpdateException("version 3, stored 4"))));
    assertInstanceOf(
        MappingException.class,
        JakartaExceptions.translate(placed(new DecodeException("title", "a string", 42))));
    assertInstanceOf(
        UnsupportedOperationException.class,
        JakartaExceptions.translate(placed(new UnsupportedQueryException("no @Index"))));
    assertInstanceOf(
        UnsupportedOperationException.class,
        JakartaExceptions.translate(placed(new CapabilityException("not a document store"))));
    RuntimeException driver = JakartaExceptions.translate(placed(new DriverException("lost")));
    assertEquals(OsmosDataException.class, driver.getClass());
    assertInstanceOf(DataException.class, driver);
  }

  @Test
  void invalidEntitiesKeepTheirOsmosException() {
    ValidationException invalid =
        new ValidationException("Book", List.of(new Violation("title", "must not be blank", "")));
    assertSame(invalid, JakartaExceptions.translate(invalid));
  }
}
