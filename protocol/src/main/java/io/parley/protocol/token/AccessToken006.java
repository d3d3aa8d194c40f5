package io.parley.protocol.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Agora AccessToken version "006" as used for RTM login (agora-token.md §2).
 *
 * <pre>
 * token   = "006" || appId(32) || base64(u16 32 || sig[32] || u32 crcChannel || u32 crcUid || u16 len || msg)
 * msg     = u32 salt || u32 ts || u16 n || n × (u16 privilege || u32 expireTs)
 * sig     = HMAC-SHA256(certificate, appId || channelName || uid || msg)
 * </pre>
 * For RTM the user account sits in the channel-name slot and the uid slot is empty.
 *
 * @param appId         the plain-text app id from the token prefix
 * @param signature     32-byte HMAC as carried in the token
 * @param crcChannelName CRC32 of the channel-name slot (the RTM user id)
 * @param crcUid        CRC32 of the uid slot (0 for RTM tokens)
 * @param message       the raw {@code msg} bytes exactly as carried (the signature covers them)
 * @param salt          unsigned 32-bit salt
 * @param ts            token validity end, Unix seconds
 * @param privileges    privilege id → absolute expiry (Unix seconds; 0 = no separate limit)
 */
public record AccessToken006(String appId, byte[] signature, long crcChannelName, long crcUid, byte[] message,
                             long salt, long ts, SortedMap<Integer, Long> privileges) {
    public static final String VERSION = "006";
    /** kRtmLogin privilege id. */
    public static final int PRIVILEGE_RTM_LOGIN = 1000;
    private static final int APP_ID_LENGTH = 32;

    /** Parses a token string. Does not verify anything beyond the layout. */
    public static AccessToken006 parse(String token) throws MalformedTokenException {
        if (token == null || !token.startsWith(VERSION) || token.length() <= 3 + APP_ID_LENGTH) {
            throw new MalformedTokenException("not a 006 token");
        }
        String appId = token.substring(3, 3 + APP_ID_LENGTH);
        byte[] content;
        try {
            content = Base64.getDecoder().decode(token.substring(3 + APP_ID_LENGTH));
        } catch (IllegalArgumentException e) {
            throw new MalformedTokenException("006 body is not base64");
        }
        LeBuffer in = new LeBuffer(content);
        byte[] signature = in.string();
        if (signature.length != 32) {
            throw new MalformedTokenException("006 signature length " + signature.length);
        }
        long crcChannel = in.u32();
        long crcUid = in.u32();
        byte[] msg = in.string();
        if (in.remaining() != 0) {
            throw new MalformedTokenException("006 token has trailing bytes");
        }
        LeBuffer m = new LeBuffer(msg);
        long salt = m.u32();
        long ts = m.u32();
        int n = m.u16();
        SortedMap<Integer, Long> privileges = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            privileges.put(m.u16(), m.u32());
        }
        if (m.remaining() != 0) {
            throw new MalformedTokenException("006 message has trailing bytes");
        }
        return new AccessToken006(appId, signature, crcChannel, crcUid, msg, salt, ts,
                Collections.unmodifiableSortedMap(privileges));
    }

    /**
     * Builds a 006 token. For RTM pass the user id as {@code channelName} and {@code ""} as uid
     * (see {@link RtmTokenBuilder}).
     */
    public static String build(String appId, String appCertificate, String channelName, String uid, long salt,
                               long ts, Map<Integer, Long> privileges) {
        LeBuffer.Writer msgWriter = new LeBuffer.Writer().u32(salt).u32(ts).u16(privileges.size());
        new TreeMap<>(privileges).forEach((k, v) -> msgWriter.u16(k).u32(v));
        byte[] msg = msgWriter.toByteArray();
        byte[] sig = sign(appCertificate, appId, channelName, uid, msg);
        byte[] content = new LeBuffer.Writer().string(sig).u32(crc32(channelName)).u32(crc32(uid)).string(msg)
                .toByteArray();
        return VERSION + appId + Base64.getEncoder().encodeToString(content);
    }

    static byte[] sign(String certificate, String appId, String channelName, String uid, byte[] msg) {
        return Crypto.hmacSha256(ascii(certificate), ascii(appId), utf8(channelName), utf8(uid), msg);
    }

    static long crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(utf8(s));
        return crc.getValue();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
