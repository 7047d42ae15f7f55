package io.osmos.riak;

import java.util.List;

/**
 * Merges the siblings Riak keeps for one key when writes were concurrent (a bucket with {@code
 * allow_mult=true}, or a network partition). Register one per model with {@link
 * RiakDriver#resolveSiblings}; the driver calls it on every read that finds siblings it cannot
 * resolve by {@code @Version}, and the next write of the key replaces all siblings with the result.
 *
 * <pre>{@code
 * riak.resolveSiblings(Cart_.MODEL, siblings -> Cart.union(siblings));
 * }</pre>
 *
 * @param <T> the model
 */
@FunctionalInterface
public interface SiblingResolver<T> {
  /**
   * The model to use in place of {@code siblings}.
   *
   * @param siblings two or more decoded, distinct sibling values (for a versioned model, those that
   *     share the highest version), in Riak's order
   * @return the resolved model (one of the siblings, or a merge of them), or null to give up: the
   *     read then fails with {@link io.osmos.exceptions.ConcurrentUpdateException}
   */
  T resolve(List<T> siblings);
}
