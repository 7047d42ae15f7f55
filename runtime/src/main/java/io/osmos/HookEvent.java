package io.osmos;

/** The points of a repository operation where hooks run, Osmos-style. */
public enum HookEvent {
  WILL_VALIDATE,
  DID_VALIDATE,
  WILL_SAVE,
  DID_SAVE,
  WILL_DELETE,
  DID_DELETE,
  WILL_GET,
  DID_GET,
  WILL_FIND,
  DID_FIND,
  WILL_UPDATE,
  DID_UPDATE;

  /** Whether hooks at this point run before the store is touched (and so can veto). */
  public boolean before() {
    return name().startsWith("WILL_");
  }
}
