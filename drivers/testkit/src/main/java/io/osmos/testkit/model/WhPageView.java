package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;

/**
 * The stream record of the stream scenario: the latest page of a browsing session. A session is
 * published several times as it moves on; the lookup service keeps its newest version by {@code
 * time}, the warehouse every version.
 *
 * @param campaign the scenario run that wrote it, so SQL sees only that run
 * @param page an index: the lookup answers range reads on it
 * @param millis time spent on the page (names are lower case so that the same SQL works on every
 *     engine: PostgreSQL folds unquoted names to lower case)
 */
@Model(bucket = "osmos_tk_wh_views", driver = TestModels.STREAMS, kind = Model.Kind.STREAM)
public record WhPageView(
    @Key String session,
    @Timestamp Instant time,
    @Index String page,
    String campaign,
    long millis) {}
