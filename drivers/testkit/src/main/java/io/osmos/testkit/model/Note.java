package io.osmos.testkit.model;

import io.osmos.annotations.Extra;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import java.util.Map;

/**
 * A document that keeps stored fields it does not declare ({@code @Extra}), and the target of the
 * decode checks, which store values that do not fit it.
 */
@Model(bucket = "osmos_tk_notes", driver = TestModels.DRIVER)
public record Note(
    @Key String id,
    String text,
    int count,
    Address address,
    @Extra Map<String, Object> extra,
    @Version long version) {}
