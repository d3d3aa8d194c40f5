package io.parley.protocol.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Agora AccessToken2, version "007" (agora-token.md §3).
 *
 * <pre>
 * token        = "007" || base64(zlib(u16 32 || sig[32] || signingInfo))
 * signingInfo  = string appId || u32 issueTs || u32 expire || u32 salt || u16 count || services
 * k1 = HMAC(LE32(issueTs), certificate); k2 = HMAC(LE32(salt), k1); sig = HMAC(k2, signingInfo)
 * </pre>
 * Services carry no length prefix, so parsing stops at the first unknown service type (as the
 * official parsers do); the signature is always checked over the received {@code signingInfo}
 * bytes, never over a re-serialisation.
 *
 * @param signature   32-byte signature as carried
 * @param signingInfo the exact signed bytes
 * @param appId       app id from signingInfo (signed)
 * @param issueTs     Unix seconds when the token was built
 * @param expire      lifetime in seconds relative to issueTs
 * @param salt        unsigned salt
 * @param rtmServices the RTM (type 2) services found before parsing stopped
 * @param complete    false when parsing stopped at an unknown service type
 */
public record AccessToken007(byte[] signature, byte[] signingInfo, String appId, long issueTs, long expire,
                             long salt, List<RtmService> rtmServices, boolean complete) {
    public static final String VERSION = "007";
    public static final int SERVICE_RTM = 2;
    /** Privilege id "login" inside the RTM service. */
    public static final int PRIVILEGE_RTM_LOGIN = 1;
    /** Decompressed tokens are about 100 bytes; anything near this cap is garbage. */
    private static final int MAX_INFLATED_BYTES = 8 * 1024;

    /** One RTM service entry: the user id it is for and its privileges (relative seconds). */
    public record RtmService(String userId, SortedMap<Integer, Long> privileges) {
    }

    public static AccessToken007 parse(String token) throws MalformedTokenException {
        if (token == null || !token.startsWith(VERSION) || token.length() <= 3) {
            throw new MalformedTokenException("not a 007 token");
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(token.substring(3));
        } catch (IllegalArgumentException e) {
            throw new MalformedTokenException("007 body is not base64");
        }
        LeBuffer in = new LeBuffer(inflate(compressed));
        byte[] signature = in.string();
        if (signature.length != 32) {
            throw new MalformedTokenException("007 signature length " + signature.length);
        }
        byte[] signingInfo = in.bytes(in.remaining());
        LeBuffer s = new LeBuffer(signingInfo);
        String appId = new String(s.string(), StandardCharsets.UTF_8);
        long issueTs = s.u32();
        long expire = s.u32();
        long salt = s.u32();
        int count = s.u16();
        List<RtmService> rtm = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < count && complete; i++) {
            int type = s.u16();
            SortedMap<Integer, Long> privileges = privileges(s);
            switch (type) {
                case 1, 3, 6 -> { // RTC, Streaming, FCDN: channel name + uid/account
                    s.string();
                    s.string();
                }
                case 2 -> rtm.add(new RtmService(new String(s.string(), StandardCharsets.UTF_8),
                        Collections.unmodifiableSortedMap(privileges)));
                case 4 -> {
                    // FPA: no fields
                }
                case 5 -> s.string(); // Chat: user id
                case 7 -> { // APaaS: room uuid, user uuid, int16 role
                    s.string();
                    s.string();
                    s.u16();
                }
                default -> complete = false; // unknown type cannot be skipped
            }
        }
        return new AccessToken007(signature, signingInfo, appId, issueTs, expire, salt,
                Collections.unmodifiableList(rtm), complete);
    }

    private static SortedMap<Integer, Long> privileges(LeBuffer s) throws MalformedTokenException {
        int n = s.u16();
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            out.put(s.u16(), s.u32());
        }
        return out;
    }

    /** True if the signature matches {@code certificate}. */
    public boolean signedWith(String certificate) {
        return Crypto.constantTimeEquals(signature, sign(certificate, issueTs, salt, signingInfo));
    }

    /** Builds an RTM-only 007 token: one type-2 service for {@code userId} with login = expire. */
    public static String buildRtm(String appId, String appCertificate, String userId, long issueTs, long expire,
                                  long salt) {
        return build(appId, appCertificate, issueTs, expire, salt,
                new LeBuffer.Writer().u16(SERVICE_RTM).u16(1).u16(PRIVILEGE_RTM_LOGIN).u32(expire).string(userId)
                        .toByteArray(), 1);
    }

    /** Builds a token from already-packed services (used by tests for multi-service tokens). */
    static String build(String appId, String appCertificate, long issueTs, long expire, long salt,
                        byte[] packedServices, int serviceCount) {
        byte[] signingInfo = new LeBuffer.Writer().string(appId).u32(issueTs).u32(expire).u32(salt)
                .u16(serviceCount).raw(packedServices).toByteArray();
        byte[] sig = sign(appCertificate, issueTs, salt, signingInfo);
        byte[] body = new LeBuffer.Writer().string(sig).raw(signingInfo).toByteArray();
        return VERSION + Base64.getEncoder().encodeToString(deflate(body));
    }

    static byte[] sign(String certificate, long issueTs, long salt, byte[] signingInfo) {
        byte[] k1 = Crypto.hmacSha256(le32(issueTs), certificate.getBytes(StandardCharsets.US_ASCII));
        byte[] k2 = Crypto.hmacSha256(le32(salt), k1);
        return Crypto.hmacSha256(k2, signingInfo);
    }

    private static byte[] le32(long v) {
        return new LeBuffer.Writer().u32(v).toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            byte[] buf = new byte[256];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** One inflater per thread, reset per token: a new one costs a native zlib stream and a cleaner. */
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    private static byte[] inflate(byte[] data) throws MalformedTokenException {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] buf = new byte[256];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new MalformedTokenException("007 body is truncated zlib data");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new MalformedTokenException("007 body inflates past " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new MalformedTokenException("007 body is not zlib data");
        } finally {
            inflater.reset(); // drop the input; the native stream stays for the next token on this thread
        }
    }
}
