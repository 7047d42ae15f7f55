package io.osmos.benchmarks.codec.dsljson;

import com.dslplatform.json.CompiledJson;
import io.osmos.benchmarks.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@link io.osmos.benchmarks.model.Order} for DSL-JSON: the same components in the same order,
 * annotated for DSL-JSON's annotation processor, which generates its converter at compile time.
 */
@CompiledJson
public record DslOrder(
    String id,
    String customerId,
    OrderStatus status,
    DslAddress shipTo,
    List<DslOrderLine> lines,
    List<String> tags,
    BigDecimal total,
    Instant placedAt,
    long revision) {}
