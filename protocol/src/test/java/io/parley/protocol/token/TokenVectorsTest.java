package io.parley.protocol.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector and verification case of agora-token-vectors.json (copied from shared/testdata). */
class TokenVectorsTest {
    private static final JsonNode ROOT = load();
    private static final String APP_ID = ROOT.path("common_inputs").path("app_id").asText();
    private static final String CERT = ROOT.path("common_inputs").path("app_certificate").asText();

    private static JsonNode load() {
        try (InputStream in = TokenVectorsTest.class.getResourceAsStream("/agora-token-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> v006() {
        return StreamSupport.stream(ROOT.path("v006").path("vectors").spliterator(), false);
    }

    static Stream<JsonNode> v007() {
        return StreamSupport.stream(ROOT.path("v007").path("vectors").spliterator(), false);
    }

    static Stream<Arguments> cases() {
        return StreamSupport.stream(ROOT.path("verification_cases").path("cases").spliterator(), false)
                .map(c -> Arguments.of(c.path("version").asText() + " " + c.path("token_ref").asText() + " now="
                        + c.path("now").asText() + " user=" + c.path("login_user_id").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v006")
    void build006_reproducesEveryVectorByteForByte(JsonNode v) {
        JsonNode in = v.path("inputs");
        String channel = in.has("user_account") ? in.path("user_account").asText() : in.path("channel_name").asText();
        String uid = in.has("uid") ? in.path("uid").asText() : "";
        Map<Integer, Long> privileges = new TreeMap<>();
        in.path("privileges").fields().forEachRemaining(e -> privileges.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));

        String token = AccessToken006.build(APP_ID, CERT, channel, uid, in.path("salt").asLong(), in.path("ts").asLong(),
                privileges);

        assertThat(token).isEqualTo(v.path("expected_token").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v006")
    void parse006_decodesEveryField(JsonNode v) throws Exception {
        AccessToken006 t = AccessToken006.parse(v.path("expected_token").asText());
        JsonNode d = v.path("decoded");
        assertThat(t.appId()).isEqualTo(APP_ID);
        assertThat(HexFormat.of().formatHex(t.signature())).isEqualTo(d.path("signature_hex").asText());
        assertThat(HexFormat.of().formatHex(t.message())).isEqualTo(d.path("msg_hex").asText());
        assertThat(t.salt()).isEqualTo(d.path("salt").asLong());
        assertThat(t.ts()).isEqualTo(d.path("ts").asLong());
        assertThat(t.crcChannelName()).isEqualTo(d.path("crc_channel_name").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v007")
    void parse007_readsEveryVectorAndVerifiesItsSignature(JsonNode v) throws Exception {
        AccessToken007 t = AccessToken007.parse(v.path("expected_token").asText());
        JsonNode in = v.path("inputs");
        assertThat(t.appId()).isEqualTo(APP_ID);
        assertThat(t.issueTs()).isEqualTo(in.path("issue_ts").asLong());
        assertThat(t.expire()).isEqualTo(in.path("expire").asLong());
        assertThat(t.salt()).isEqualTo(in.path("salt").asLong());
        assertThat(t.signedWith(CERT)).isTrue();
        assertThat(t.signedWith("00000000000000000000000000000000")).isFalse();
        if (v.path("decoded").has("signing_info_hex")) {
            assertThat(HexFormat.of().formatHex(t.signingInfo())).isEqualTo(v.path("decoded").path("signing_info_hex").asText());
        }
    }

    @Test
    void build007_rtmOnly_decompressesToTheReferenceBytes() throws Exception {
        JsonNode v = v007().filter(n -> n.path("name").asText().equals("rtm_test_user_zlib")).findFirst().orElseThrow();
        String built = AccessToken007.buildRtm(APP_ID, CERT, "test_user", 1111111, 600, 1);
        // java.util.zip.Deflater at default level produces the same stream as the Java/python builders
        assertThat(built).isEqualTo(v.path("expected_token").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verify_matchesEveryExpectedOutcome(String name, JsonNode c) {
        String[] ref = c.path("token_ref").asText().split("\\.");
        JsonNode vector = StreamSupport.stream(ROOT.path(ref[0]).path("vectors").spliterator(), false)
                .filter(n -> n.path("name").asText().equals(ref[1])).findFirst().orElseThrow();
        Long now = c.path("now").isNull() ? null : c.path("now").asLong();
        String expect = c.path("expect").asText();
        // the one UNCONFIRMED-policy case: Parley enforces 006 privilege expiry by default
        boolean privilegeCase = expect.startsWith("reject if privilege expiry is enforced");
        TokenVerifier verifier = new TokenVerifier(now == null ? null : () -> now, true, 300);

        TokenVerification result = verifier.verify(vector.path("expected_token").asText(), c.path("app_id").asText(),
                c.path("login_user_id").asText(), List.of(c.path("certificate").asText()));

        if (expect.startsWith("accept")) {
            assertThat(result.accepted()).as(expect).isTrue();
        } else {
            assertThat(result.accepted()).as(expect).isFalse();
            TokenRejection reason = ((TokenVerification.Rejected) result).reason();
            if (privilegeCase || expect.contains("expired")) {
                assertThat(reason).isEqualTo(TokenRejection.EXPIRED);
            } else if (expect.contains("bad signature")) {
                assertThat(reason).isEqualTo(TokenRejection.SIGNATURE_MISMATCH);
            } else {
                assertThat(reason).isIn(TokenRejection.USER_MISMATCH, TokenRejection.MISSING_LOGIN_PRIVILEGE);
            }
        }
    }
}
