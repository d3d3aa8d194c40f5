package io.parley.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.protocol.token.TokenVerifier;
import io.parley.server.auth.Authenticator;
import io.parley.server.config.ServerConfig;
import io.parley.server.session.FakeConnection;
import io.parley.server.session.FakeTime;
import io.parley.server.session.SessionRegistry;
import io.parley.server.session.SessionService;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSafeTest {
    @Test
    void controlCharacters_becomeQuestionMarks_longValuesAreCut() {
        assertThat(LogSafe.of("app\r\n2026-12-04 INFO forged line")).isEqualTo("app??2026-12-04 INFO forged line");
        assertThat(LogSafe.of("\u001b[31mred\u001b[0m")).isEqualTo("?[31mred?[0m");
        assertThat(LogSafe.of("a\u0085b\u2028c\u007fd")).isEqualTo("a?b?c?d");
        assertThat(LogSafe.of("x".repeat(100))).isEqualTo("x".repeat(80) + "…");
        assertThat(LogSafe.of("plain-app_1")).isEqualTo("plain-app_1");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @Test
    void aLoginRejectedBeforeValidation_logsTheAppIdAndUserIdWithoutLineBreaksOrEscapes() {
        FakeTime time = new FakeTime();
        SessionService sessions = new SessionService(new Authenticator(ServerConfig.builder().app("real-app").build(),
                new TokenVerifier(() -> time.currentTimeMillis() / 1000, true, 300)), new SessionRegistry(), time);
        Logger logger = (Logger) LoggerFactory.getLogger(SessionService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            sessions.login(new FakeConnection("evil"), "x\r\n05:00:00.000 INFO  [main] admin granted\u001b[2J", "u\nv", "", "");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).hasSize(1);
        String line = appender.list.get(0).getFormattedMessage();
        assertThat(line).startsWith("login rejected app=x??05:00:00.000 INFO  [main] admin granted?[2J user=u?v");
        assertThat(line).doesNotContain("\r", "\n", "\u001b");
    }
}
