package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/**
 * A document for the query-plan conformance tests: two indexed fields and several that are not,
 * some of them nullable.
 *
 * @param shelf the test that wrote it (every query of a test constrains it)
 * @param title indexed text (prefix queries served by an index)
 * @param author text without an index, sometimes absent
 * @param year a number without an index
 * @param price a nullable number without an index
 * @param available a boolean without an index
 * @param level an enum without an index, sometimes absent
 */
@Model(bucket = "osmos_tk_books", driver = TestModels.DRIVER)
public record Book(
    @Key String id,
    @Index String shelf,
    @Index String title,
    String author,
    int year,
    Double price,
    boolean available,
    Level level) {}
