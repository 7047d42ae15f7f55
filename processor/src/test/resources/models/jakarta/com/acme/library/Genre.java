package com.acme.library;

public enum Genre {
  FICTION,
  HISTORY,
  SCIENCE
}
