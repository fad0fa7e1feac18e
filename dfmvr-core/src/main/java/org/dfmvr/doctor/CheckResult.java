package org.dfmvr.doctor;

/**
 * One preflight finding.
 *
 * @param name   what was checked, e.g. {@code java}, {@code /dev/shm}
 * @param status PASS, WARN (works here, may fail on a cluster) or FAIL (will not work)
 * @param detail what was found
 * @param hint   how to fix it (empty for PASS)
 */
public record CheckResult(String name, Status status, String detail, String hint) implements java.io.Serializable {
    public enum Status { PASS, WARN, FAIL }

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, Status.PASS, detail, "");
    }

    public static CheckResult warn(String name, String detail, String hint) {
        return new CheckResult(name, Status.WARN, detail, hint);
    }

    public static CheckResult fail(String name, String detail, String hint) {
        return new CheckResult(name, Status.FAIL, detail, hint);
    }

    /** One console line, e.g. {@code [PASS] java  17.0.15}, plus an indented fix hint when there is one. */
    public String format() {
        String line = String.format("[%s] %-22s %s", status, name, detail);
        return hint.isEmpty() ? line : line + System.lineSeparator() + "       fix: " + hint;
    }
}
