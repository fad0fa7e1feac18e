package org.dfmvr.eval.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a number was computed with: protocol name, protocol version (bumped whenever its code changes a result) and
 * the canonical text of every parameter (crop, ICP variant and criteria, scale handling, units) with its hash.
 * Two evaluations are comparable only when their stamps are equal.
 *
 * @param protocol      protocol id ("pointplane", "now")
 * @param version       protocol implementation version, &gt;= 1
 * @param parameters    canonical "key=value;..." text, fixed key order, Java's shortest-repr doubles
 * @param parameterHash first 16 hex digits of SHA-256 over "protocol/version/parameters" (UTF-8)
 */
public record ProtocolStamp(String protocol, int version, String parameters, String parameterHash)
        implements java.io.Serializable {
    public ProtocolStamp {
        if (!parameterHash.equals(hash(protocol, version, parameters))) {
            throw new IllegalArgumentException("parameterHash " + parameterHash + " does not match the parameters' "
                    + hash(protocol, version, parameters));
        }
    }

    /** The stamp of these parameters. */
    public static ProtocolStamp of(String protocol, int version, String parameters) {
        return new ProtocolStamp(protocol, version, parameters, hash(protocol, version, parameters));
    }

    private static String hash(String protocol, int version, String parameters) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((protocol + "/" + version + "/" + parameters).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
