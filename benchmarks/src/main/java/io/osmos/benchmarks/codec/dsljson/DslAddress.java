package io.osmos.benchmarks.codec.dsljson;

import com.dslplatform.json.CompiledJson;

/** {@link io.osmos.benchmarks.model.Address} for DSL-JSON. */
@CompiledJson
public record DslAddress(String street, String city, String postcode, String country) {}
