package io.parley.protocol.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final String APP = "970CA35de60c44645bbae8a215061b33";
    private static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";
    private static final String CERT2 = "aaaabbbbccccddddeeeeffff00001111";
    private static final long NOW = 1_800_000_000L;
    private final TokenVerifier verifier = new TokenVerifier(() -> NOW, true, 300);

    private TokenRejection rejection(String token, String app, String user, List<String> certs) {
        TokenVerification r = verifier.verify(token, app, user, certs);
        assertThat(r).isInstanceOf(TokenVerification.Rejected.class);
        return ((TokenVerification.Rejected) r).reason();
    }

    @Test
    void fresh006And007_areAccepted_withTheirExpiry() {
        var r6 = verifier.verify(RtmTokenBuilder.build006(APP, CERT, "alice", NOW, NOW + 600), APP, "alice", List.of(CERT));
        var r7 = verifier.verify(RtmTokenBuilder.build007(APP, CERT, "alice", NOW, 600), APP, "alice", List.of(CERT));
        assertThat(r6).isEqualTo(new TokenVerification.Accepted("006", NOW + 600));
        assertThat(r7).isEqualTo(new TokenVerification.Accepted("007", NOW + 600));
    }

    @Test
    void secondaryCertificate_isAccepted() {
        String token = RtmTokenBuilder.build007(APP, CERT2, "alice", NOW, 600);
        assertThat(verifier.verify(token, APP, "alice", List.of(CERT, CERT2)).accepted()).isTrue();
        assertThat(rejection(token, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.SIGNATURE_MISMATCH);
    }

    @Test
    void tamperedSignature_isSignatureMismatch() {
        for (String token : List.of(RtmTokenBuilder.build006(APP, CERT, "alice", NOW, 0),
                RtmTokenBuilder.build007(APP, CERT, "alice", NOW, 600))) {
            byte[] body;
            String tampered;
            if (token.startsWith("006")) {
                body = Base64.getDecoder().decode(token.substring(35));
                body[5] ^= 0x01; // inside the signature
                tampered = token.substring(0, 35) + Base64.getEncoder().encodeToString(body);
            } else {
                String t7 = AccessToken007.buildRtm(APP, CERT, "alice", NOW, 600, 42);
                // re-sign the same info with a flipped signature bit by building with another cert then swapping app
                tampered = flipSignatureBit007(t7);
            }
            assertThat(rejection(tampered, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.SIGNATURE_MISMATCH);
        }
    }

    private static String flipSignatureBit007(String token) {
        try {
            AccessToken007 t = AccessToken007.parse(token);
            byte[] sig = t.signature().clone();
            sig[0] ^= 0x01;
            byte[] body = new LeBuffer.Writer().string(sig).raw(t.signingInfo()).toByteArray();
            java.util.zip.Deflater d = new java.util.zip.Deflater();
            d.setInput(body);
            d.finish();
            byte[] buf = new byte[512];
            int n = d.deflate(buf);
            d.end();
            return "007" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf, n));
        } catch (MalformedTokenException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrongAppId_isAppIdMismatch() {
        String other = "0123456789abcdef0123456789abcdef";
        assertThat(rejection(RtmTokenBuilder.build006(other, CERT, "alice", NOW, 0), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.APP_ID_MISMATCH);
        assertThat(rejection(RtmTokenBuilder.build007(other, CERT, "alice", NOW, 600), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.APP_ID_MISMATCH);
    }

    @Test
    void wrongUser_isUserMismatch() {
        assertThat(rejection(RtmTokenBuilder.build006(APP, CERT, "alice", NOW, 0), APP, "bob", List.of(CERT)))
                .isEqualTo(TokenRejection.USER_MISMATCH);
        assertThat(rejection(RtmTokenBuilder.build007(APP, CERT, "alice", NOW, 600), APP, "bob", List.of(CERT)))
                .isEqualTo(TokenRejection.USER_MISMATCH);
    }

    @Test
    void expired_isExpired() {
        assertThat(rejection(RtmTokenBuilder.build006(APP, CERT, "alice", NOW - 90_000, 0), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.EXPIRED);
        assertThat(rejection(RtmTokenBuilder.build006(APP, CERT, "alice", NOW, NOW - 1), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.EXPIRED);
        assertThat(rejection(RtmTokenBuilder.build007(APP, CERT, "alice", NOW - 601, 600), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.EXPIRED);
        assertThat(rejection(RtmTokenBuilder.build007(APP, CERT, "alice", NOW - 100_000, 200_000), APP, "alice",
                List.of(CERT))).as("007 lifetime capped at 24 h").isEqualTo(TokenRejection.EXPIRED);
    }

    @Test
    void missingLoginPrivilege_isMissingLoginPrivilege() {
        String rtcOnly006 = AccessToken006.build(APP, CERT, "alice", "", 7, NOW + 100, Map.of(1, NOW + 100));
        assertThat(rejection(rtcOnly006, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.MISSING_LOGIN_PRIVILEGE);
        // 007 with one RTC service only
        byte[] rtc = new LeBuffer.Writer().u16(1).u16(1).u16(1).u32(600).string("room").string("42").toByteArray();
        String rtcOnly007 = AccessToken007.build(APP, CERT, NOW, 600, 9, rtc, 1);
        assertThat(rejection(rtcOnly007, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.MISSING_LOGIN_PRIVILEGE);
    }

    @Test
    void garbageAndTruncated_areMalformed() {
        String good6 = RtmTokenBuilder.build006(APP, CERT, "alice", NOW, 0);
        String good7 = RtmTokenBuilder.build007(APP, CERT, "alice", NOW, 600);
        for (String bad : new String[] {"", "x", "005abc", "006", good6.substring(0, 60), good7.substring(0, 40),
                "007!!!notbase64", "006" + APP + "####", "007" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
                "0".repeat(5000)}) {
            assertThat(rejection(bad, APP, "alice", List.of(CERT))).as(bad).isEqualTo(TokenRejection.MALFORMED);
        }
        assertThat(rejection(null, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.MALFORMED);
    }

    @Test
    void wrongCertificate_isSignatureMismatch() {
        assertThat(rejection(RtmTokenBuilder.build006(APP, CERT2, "alice", NOW, 0), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.SIGNATURE_MISMATCH);
    }

    @Test
    void tokenIssuedFarInTheFuture_isRejected() {
        assertThat(rejection(RtmTokenBuilder.build007(APP, CERT, "alice", NOW + 3600, 600), APP, "alice", List.of(CERT)))
                .isEqualTo(TokenRejection.EXPIRED);
    }

    @Test
    void a006TokenValidForLongerThanTheCap_isRefused_likeA007ClaimIsCapped() {
        String thirtyDays = AccessToken006.build(APP, CERT, "alice", "", 7, NOW + 30L * 86_400,
                java.util.Map.of(AccessToken006.PRIVILEGE_RTM_LOGIN, 0L));
        assertThat(rejection(thirtyDays, APP, "alice", List.of(CERT))).isEqualTo(TokenRejection.LIFETIME_TOO_LONG);
        String aDay = AccessToken006.build(APP, CERT, "alice", "", 7, NOW + 86_400,
                java.util.Map.of(AccessToken006.PRIVILEGE_RTM_LOGIN, 0L));
        assertThat(verifier.verify(aDay, APP, "alice", List.of(CERT))).isInstanceOf(TokenVerification.Accepted.class);

        TokenVerifier hourCap = new TokenVerifier(() -> NOW, true, 300, 3_600);
        assertThat(hourCap.verify(aDay, APP, "alice", List.of(CERT))).isInstanceOf(TokenVerification.Rejected.class);
        var capped = (TokenVerification.Accepted) hourCap.verify(RtmTokenBuilder.build007(APP, CERT, "alice", NOW, 86_400),
                APP, "alice", List.of(CERT));
        assertThat(capped.expiresAtEpochSec()).isEqualTo(NOW + 3_600);
    }
}
