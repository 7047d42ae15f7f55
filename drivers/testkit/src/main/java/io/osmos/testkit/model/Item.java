package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/**
 * An unversioned document for paging and range queries.
 *
 * @param batch the test that wrote it (equality queries)
 * @param seq a number unique to the test's range (numeric range queries)
 * @param label a string that starts with the batch (prefix and string range queries)
 * @param note not indexed: queries on it must be refused
 */
@Model(bucket = "osmos_tk_items", driver = TestModels.DRIVER)
public record Item(
    @Key String id, @Index String batch, @Index long seq, @Index String label, String note) {}
