package com.acme.signup;

import io.osmos.annotations.Validator;

public class SignupValidator implements Validator<Signup> {
  @Override
  public String check(Signup value) {
    return value.age() < 21 && "pro".equals(value.plan()) ? "pro plans start at 21" : null;
  }
}
