package io.osmos.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.osmos.benchmarks.CpuTimeProfiler}) that reports the benchmark
 * JVM's CPU time per operation, {@code cpu.time.norm} in ns/op: all of the process's threads, so
 * garbage collection is charged to the code that allocates.
 *
 * <p>Why: on a machine shared with other work, wall-clock throughput swings with the load (a thread
 * waiting for a core scores nothing), while the CPU time an operation consumes barely moves.
 * CPU-bound benchmarks are compared on this figure; the wall-clock score is reported beside it.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long start;

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    start = os.getProcessCpuTime();
  }

  @Override
  public List<Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - start;
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0 || cpu <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
  }

  @Override
  public String getDescription() {
    return "process CPU time per operation (all threads, GC included)";
  }
}
