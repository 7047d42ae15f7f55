package com.acme.signup;

import io.osmos.annotations.Validator;

public class NameValidator implements Validator<String> {
  @Override
  public String check(String value) {
    return value.contains(" ") ? "must not contain spaces" : null;
  }
}
