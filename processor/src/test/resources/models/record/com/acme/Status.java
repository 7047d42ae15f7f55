package com.acme;

public enum Status {
  ACTIVE,
  BLOCKED
}
