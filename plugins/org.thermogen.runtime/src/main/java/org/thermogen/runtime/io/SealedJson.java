package org.thermogen.runtime.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * JSON files that carry their own checksum, as {@code checkpoint.json} and
 * {@code training-state.json} do: a {@code "sha256"} key, written before any user text, whose
 * value is the SHA-256 of the file's UTF-8 bytes with that value written as 64 zeros.
 *
 * <pre>{@code
 * root.put("sha256", SealedJson.PLACEHOLDER);   // first, before names a user chose
 * String text = SealedJson.seal(Json.write(root));
 * SealedJson.verify(text);                       // true
 * }</pre>
 */
public final class SealedJson {
    /** The value of {@code "sha256"} while the checksum is computed. */
    public static final String PLACEHOLDER = "0".repeat(64);
    private static final String KEY = "\"sha256\": \"";

    private SealedJson() {
    }

    /** {@code text} with its placeholder replaced by the checksum. */
    public static String seal(String text) {
        int at = text.indexOf(KEY + PLACEHOLDER) + KEY.length();
        return text.substring(0, at) + sha256(text) + text.substring(at + 64);
    }

    /** True if {@code text} holds a {@code "sha256"} value that is its checksum. */
    public static boolean verify(String text) {
        int at = text.indexOf(KEY);
        if (at < 0 || text.length() < at + KEY.length() + 64) {
            return false;
        }
        at += KEY.length();
        String stored = text.substring(at, at + 64);
        return sha256(text.substring(0, at) + PLACEHOLDER + text.substring(at + 64)).equals(stored);
    }

    /** The SHA-256 of {@code text}'s UTF-8 bytes, in lowercase hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
