package com.acme.bank;

import io.osmos.annotations.Convert;
import io.osmos.annotations.Default;
import io.osmos.annotations.Extra;
import io.osmos.annotations.Field;
import io.osmos.annotations.Hook;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Transient;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/** A class with getters and setters, public fields, a converter and extra fields. */
@Model(bucket = "accounts", driver = "bank")
public class Account {
  @Key private UUID id;
  @Index @NotNull private String owner;
  private BigDecimal balance;
  @Convert(CurrencyConverter.class) private Currency currency;
  @Default("false") private boolean frozen;
  @Field(name = "pin_hash", aliases = {"pin"}) private byte[] pinHash;
  public short branch;
  @Index public Long customerNumber;
  @Version private Integer version;
  @Extra private Map<String, Object> unknownFields;
  @Transient private String displayName;

  public Account() {}

  public UUID getId() {
    return id;
  }

  public void setId(UUID id) {
    this.id = id;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public BigDecimal getBalance() {
    return balance;
  }

  public void setBalance(BigDecimal balance) {
    this.balance = balance;
  }

  public Currency getCurrency() {
    return currency;
  }

  public void setCurrency(Currency currency) {
    this.currency = currency;
  }

  public boolean isFrozen() {
    return frozen;
  }

  public void setFrozen(boolean frozen) {
    this.frozen = frozen;
  }

  public byte[] getPinHash() {
    return pinHash;
  }

  public void setPinHash(byte[] pinHash) {
    this.pinHash = pinHash;
  }

  public Integer getVersion() {
    return version;
  }

  public void setVersion(Integer version) {
    this.version = version;
  }

  public Map<String, Object> getUnknownFields() {
    return unknownFields;
  }

  public void setUnknownFields(Map<String, Object> unknownFields) {
    this.unknownFields = unknownFields;
  }

  public String getDisplayName() {
    return displayName;
  }

  @Hook({Hook.Event.WILL_SAVE, Hook.Event.WILL_VALIDATE})
  void normalize() {
    if (owner != null) {
      owner = owner.trim();
    }
  }

  @Hook(Hook.Event.DID_GET)
  void loaded() {
    displayName = owner + " (" + currency + ")";
  }
}
