package com.acme.bank;

/** An application type stored through a converter. */
public record Currency(String code) {}
