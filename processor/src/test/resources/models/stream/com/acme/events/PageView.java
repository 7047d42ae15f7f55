package com.acme.events;

import io.osmos.annotations.Hook;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** A stream record with a hook that replaces the record before it is written. */
@Model(bucket = "page-views", driver = "events", kind = Model.Kind.STREAM)
public record PageView(
    @Key UUID id, @Index String path, @Index int status, @Timestamp Instant at, String agent) {

  @Hook(Hook.Event.WILL_SAVE)
  PageView withDefaults() {
    return agent == null ? new PageView(id, path, status, at, "unknown") : this;
  }
}
