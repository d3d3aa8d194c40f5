package io.parley.protocol.token;

import java.security.SecureRandom;
import java.util.Map;

/**
 * Mints RTM login tokens the way Agora's RtmTokenBuilder (006) and RtmTokenBuilder2 (007) do, so
 * tokens from Agora's own builders and from Parley are interchangeable.
 */
public final class RtmTokenBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RtmTokenBuilder() {
    }

    /**
     * 006: user id in the channel-name slot, empty uid, {@code ts = now + 24 h}, kRtmLogin expiring
     * at {@code privilegeExpireEpochSec} (absolute; 0 = no separate limit).
     */
    public static String build006(String appId, String appCertificate, String userId, long nowEpochSec,
                                  long privilegeExpireEpochSec) {
        long salt = 1 + RANDOM.nextInt(99_999_999);
        return AccessToken006.build(appId, appCertificate, userId, "", salt, nowEpochSec + 86_400,
                Map.of(AccessToken006.PRIVILEGE_RTM_LOGIN, privilegeExpireEpochSec));
    }

    /** 007: one RTM service with login = {@code expireSeconds}, issued at {@code nowEpochSec}. */
    public static String build007(String appId, String appCertificate, String userId, long nowEpochSec,
                                  long expireSeconds) {
        long salt = 1 + RANDOM.nextInt(99_999_999);
        return AccessToken007.buildRtm(appId, appCertificate, userId, nowEpochSec, expireSeconds, salt);
    }
}
