package io.osmos.bigquery;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import io.osmos.exceptions.DriverException;
import java.util.List;

/** Turns BigQuery's errors into messages that say what failed, where, and BigQuery's reason. */
final class BigQueryErrors {
  static final int NOT_FOUND = 404;
  static final int CONFLICT = 409;

  private BigQueryErrors() {}

  /** A {@link DriverException} for a failed call, e.g. {@code failed("creating table x", e)}. */
  static DriverException failed(String action, BigQueryException e) {
    return new DriverException("BigQuery failed " + action + ": " + describe(e), e);
  }

  /** HTTP status, reason and message of {@code e}. */
  static String describe(BigQueryException e) {
    StringBuilder b = new StringBuilder();
    if (e.getCode() > 0) {
      b.append("HTTP ").append(e.getCode()).append(' ');
    }
    if (e.getReason() != null) {
      b.append(e.getReason()).append(' ');
    }
    return b.append(e.getMessage()).toString();
  }

  /** {@code reason at location: message} of each error, joined. */
  static String describe(List<BigQueryError> errors) {
    StringBuilder b = new StringBuilder();
    for (BigQueryError err : errors) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(describe(err));
    }
    return b.toString();
  }

  static String describe(BigQueryError err) {
    StringBuilder b = new StringBuilder();
    if (err.getReason() != null && !err.getReason().isEmpty()) {
      b.append(err.getReason());
    }
    if (err.getLocation() != null && !err.getLocation().isEmpty()) {
      b.append(b.length() > 0 ? " " : "").append("at ").append(err.getLocation());
    }
    if (err.getMessage() != null && !err.getMessage().isEmpty()) {
      b.append(b.length() > 0 ? ": " : "").append(err.getMessage());
    }
    return b.toString();
  }
}
