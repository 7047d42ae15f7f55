package io.osmos.benchmarks.codec.dsljson;

import com.dslplatform.json.CompiledJson;
import java.math.BigDecimal;

/** {@link io.osmos.benchmarks.model.OrderLine} for DSL-JSON. */
@CompiledJson
public record DslOrderLine(String sku, String name, int quantity, BigDecimal unitPrice) {}
