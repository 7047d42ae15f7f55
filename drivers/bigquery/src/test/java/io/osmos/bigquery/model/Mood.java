package io.osmos.bigquery.model;

/** An enum, stored by name in a STRING column. */
public enum Mood {
  CALM,
  STORMY
}
