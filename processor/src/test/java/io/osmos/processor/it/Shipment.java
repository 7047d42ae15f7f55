package io.osmos.processor.it;

import io.osmos.annotations.Field;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import jakarta.validation.constraints.Positive;

/** A class model with a composite key, exercised by {@code GeneratedCodeTest}. */
@Model(bucket = "shipments", driver = "db")
public class Shipment {
  @Key private String carrier;
  @Key private int number;
  @Key private Person.Level priority;

  @Positive
  @Field(name = "kg")
  public double weight;

  public String getCarrier() {
    return carrier;
  }

  public void setCarrier(String carrier) {
    this.carrier = carrier;
  }

  public int getNumber() {
    return number;
  }

  public void setNumber(int number) {
    this.number = number;
  }

  public Person.Level getPriority() {
    return priority;
  }

  public void setPriority(Person.Level priority) {
    this.priority = priority;
  }
}
