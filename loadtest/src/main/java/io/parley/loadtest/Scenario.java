package io.parley.loadtest;

import java.util.Map;

/**
 * One workload. The runner calls {@link #setUp} (logins, joins), {@link #start} (load begins; the
 * warm-up runs), then measures for the duration, then {@link #stop} and {@link #drain}. Completed
 * operations are counted in {@link Stats} only while it is measuring.
 */
interface Scenario {
    void setUp(Target target, Options options, Stats stats) throws Exception;

    void start() throws Exception;

    /** Stop offering new load. */
    void stop();

    /** Wait (bounded) for in-flight work; returns scenario-specific report fields. */
    Map<String, Object> drain() throws Exception;

    /** Name of the counted operation in reports: "msgs", "deliveries", "logins", "invites", "ops". */
    String unit();
}
