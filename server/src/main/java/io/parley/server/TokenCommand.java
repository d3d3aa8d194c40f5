package io.parley.server;

import io.parley.protocol.Identifiers;
import io.parley.protocol.token.RtmTokenBuilder;
import io.parley.server.config.ConfigException;
import io.parley.server.config.Flags;
import java.util.List;
import java.util.Set;

/**
 * {@code parley-server.jar token --app-id A --app-certificate C --user alice [--expire SECONDS]
 * [--format 006|007]}: prints an RTM login token, the same bytes Agora's builders produce.
 * Defaults: format 007, expire 3600 s (007 caps validity at 24 h).
 */
final class TokenCommand {
    private TokenCommand() {
    }

    static String run(List<String> args, long nowEpochSec) {
        Flags f = Flags.parse(args, Set.of("app-id", "app-certificate", "user", "expire", "format"));
        String appId = require(f, "app-id");
        String cert = require(f, "app-certificate");
        String user = require(f, "user");
        if (appId.length() != 32) {
            throw new ConfigException("--app-id: must be the 32-character app id");
        }
        if (!cert.matches("[0-9a-fA-F]{32}")) {
            throw new ConfigException("--app-certificate: must be 32 hexadecimal characters");
        }
        if (!Identifiers.isValidUserId(user)) {
            throw new ConfigException("--user: '" + user + "' breaks the RTM user id rules");
        }
        long expire;
        try {
            expire = Long.parseLong(f.last("expire", "3600"));
        } catch (NumberFormatException e) {
            throw new ConfigException("--expire: must be a number of seconds");
        }
        if (expire <= 0 || expire > 86_400) {
            throw new ConfigException("--expire: must be 1-86400 seconds");
        }
        return switch (f.last("format", "007")) {
            case "006" -> RtmTokenBuilder.build006(appId, cert, user, nowEpochSec, nowEpochSec + expire);
            case "007" -> RtmTokenBuilder.build007(appId, cert, user, nowEpochSec, expire);
            default -> throw new ConfigException("--format: must be 006 or 007");
        };
    }

    private static String require(Flags f, String name) {
        String v = f.last(name, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException("--" + name + ": required");
        }
        return v;
    }
}
