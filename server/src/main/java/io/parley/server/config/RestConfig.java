package io.parley.server.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Agora's RTM REST API on the HTTP port ({@code /dev/v2/project/{app}/rtm/…}): the customer
 * credentials HTTP Basic accepts (server-wide, and per app), the per-app call rates Agora
 * documents, the event buffers and the message history's retention and cap.
 *
 * <p>YAML {@code rest: {customer-id, customer-secret, messages-per-second, events-per-second,
 * history-per-second, events-per-app, history-retention-days, history-max-messages-per-app}} and
 * per app {@code apps: [{rest-customer-id, rest-customer-secret}]}; env PARLEY_REST_CUSTOMER_ID,
 * PARLEY_REST_CUSTOMER_SECRET.
 */
public record RestConfig(Credentials customer, Map<String, Credentials> appCustomers, int messagesPerSecond,
                         int eventsPerSecond, int historyPerSecond, int eventsPerApp, Duration historyRetention,
                         long historyMaxMessagesPerApp) {
    /** A customer id and secret (HTTP Basic). */
    public record Credentials(String id, String secret) {
        public Credentials {
            if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
                throw new ConfigException("rest: a customer id needs its secret and a secret its id");
            }
        }
    }

    public static final RestConfig DEFAULTS = new RestConfig(null, Map.of(), 500, 10, 100, 2000, Duration.ofDays(7),
            1_000_000);

    public RestConfig {
        appCustomers = Map.copyOf(appCustomers);
        positive("rest.messages-per-second", messagesPerSecond);
        positive("rest.events-per-second", eventsPerSecond);
        positive("rest.history-per-second", historyPerSecond);
        positive("rest.events-per-app", eventsPerApp);
        positive("rest.history-max-messages-per-app", historyMaxMessagesPerApp);
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new ConfigException("rest.history-retention-days: must be positive");
        }
    }

    /** True when some customer credentials are configured (HTTP Basic can succeed outside dev mode). */
    public boolean hasCustomers() {
        return customer != null || !appCustomers.isEmpty();
    }

    public RestConfig withCustomer(Credentials c) {
        return new RestConfig(c, appCustomers, messagesPerSecond, eventsPerSecond, historyPerSecond, eventsPerApp,
                historyRetention, historyMaxMessagesPerApp);
    }

    public RestConfig withAppCustomer(String appId, Credentials c) {
        Map<String, Credentials> m = new HashMap<>(appCustomers);
        m.put(appId, c);
        return new RestConfig(customer, m, messagesPerSecond, eventsPerSecond, historyPerSecond, eventsPerApp,
                historyRetention, historyMaxMessagesPerApp);
    }

    public RestConfig withRates(int messages, int events, int history) {
        return new RestConfig(customer, appCustomers, messages, events, history, eventsPerApp, historyRetention,
                historyMaxMessagesPerApp);
    }

    public RestConfig withEventsPerApp(int n) {
        return new RestConfig(customer, appCustomers, messagesPerSecond, eventsPerSecond, historyPerSecond, n,
                historyRetention, historyMaxMessagesPerApp);
    }

    public RestConfig withHistory(Duration retention, long maxMessagesPerApp) {
        return new RestConfig(customer, appCustomers, messagesPerSecond, eventsPerSecond, historyPerSecond, eventsPerApp,
                retention, maxMessagesPerApp);
    }

    private static void positive(String key, long v) {
        if (v <= 0) {
            throw new ConfigException(key + ": must be positive");
        }
    }
}
