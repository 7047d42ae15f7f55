package io.osmos.bigquery.model;

import io.osmos.annotations.Embeddable;
import java.util.List;

/** A nested record: a RECORD column, with a REPEATED field inside. */
@Embeddable
public record Place(String city, Double lat, List<String> tags) {}
