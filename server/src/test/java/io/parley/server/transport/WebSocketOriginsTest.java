package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketOriginsTest {
    @Test
    void default_devMode_admitsAnyOrigin() {
        WebSocketOrigins o = WebSocketOrigins.of(null, true);
        assertThat(o.allows("http://localhost:5173", "localhost:9601")).isTrue();
        assertThat(o.allows("https://anything.example", "localhost:9601")).isTrue();
    }

    @Test
    void default_withApps_admitsOnlyTheSameHostAndPort() {
        WebSocketOrigins o = WebSocketOrigins.of(null, false);
        assertThat(o.allows("https://chat.example.com", "chat.example.com")).isTrue();
        assertThat(o.allows("http://CHAT.example.com:9601", "chat.example.com:9601")).isTrue();
        assertThat(o.allows("http://chat.example.com:8080", "chat.example.com:9601")).isFalse();
        assertThat(o.allows("https://evil.example", "chat.example.com")).isFalse();
        assertThat(o.allows("null", "chat.example.com")).isFalse();
        assertThat(o.allows("https://chat.example.com", null)).isFalse();
    }

    @Test
    void noOriginHeader_isNotABrowser_andIsAdmitted() {
        assertThat(WebSocketOrigins.of(null, false).allows(null, "chat.example.com")).isTrue();
        assertThat(WebSocketOrigins.of(List.of("https://a.example"), false).allows(null, null)).isTrue();
    }

    @Test
    void configuredList_admitsExactlyItsOrigins_starAdmitsAll() {
        WebSocketOrigins o = WebSocketOrigins.of(List.of("https://app.example", "http://localhost:3000/"), false);
        assertThat(o.allows("https://app.example", "parley.example")).isTrue();
        assertThat(o.allows("HTTPS://APP.EXAMPLE", "parley.example")).isTrue();
        assertThat(o.allows("http://localhost:3000", "parley.example")).isTrue();
        assertThat(o.allows("http://app.example", "parley.example")).as("scheme matters").isFalse();
        assertThat(o.allows("https://app.example:8443", "parley.example")).isFalse();
        assertThat(o.allows("https://parley.example", "parley.example")).as("a list replaces same-host").isFalse();
        assertThat(WebSocketOrigins.of(List.of("*"), false).allows("https://x.example", "y")).isTrue();
        assertThat(WebSocketOrigins.of(List.of(), true).allows("http://localhost:1", "y"))
                .as("an empty list admits no browser page, even in dev mode").isFalse();
    }
}
