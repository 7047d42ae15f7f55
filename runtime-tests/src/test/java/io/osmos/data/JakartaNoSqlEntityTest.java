package io.osmos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.Osmos;
import io.osmos.data.fixtures.Box;
import io.osmos.data.fixtures.Box_;
import io.osmos.data.fixtures.Boxes;
import io.osmos.data.fixtures.Boxes_;
import io.osmos.memory.MemoryDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classes written for Jakarta NoSQL ({@code @Entity}, {@code @Id}, {@code @Column}). */
class JakartaNoSqlEntityTest {
  @Test
  void anEntityIsAModelInTheBucketOfItsName() {
    assertEquals("boxes", Box_.MODEL.bucket());
    assertEquals("default", Box_.MODEL.driverName());
    assertEquals("code", Box_.MODEL.keyProperties().get(0).name());
    assertEquals("box_length", Box_.length.storedName());
    assertEquals("color", Box_.color.storedName());
  }

  @Test
  void aRepositoryOfEntitiesWorks() {
    try (Osmos osmos = Osmos.builder().driver("default", new MemoryDriver()).build()) {
      Boxes boxes = new Boxes_(osmos);
      boxes.saveAll(
          List.of(new Box("a", 10, "red"), new Box("b", 30, "red"), new Box("c", 50, "blue")));
      assertEquals(
          List.of("b", "c"), boxes.findByLengthGreaterThan(20).stream().map(Box::getCode).toList());
      assertEquals(2, boxes.countByColor("red"));
      assertEquals(30, boxes.findById("b").orElseThrow().getLength());
    }
  }
}
