package org.dfmvr.config;

/** Quotes a raw command-line value as a HOCON string literal. */
final class ConfigValueQuoting {
    private ConfigValueQuoting() {
    }

    static String quote(String raw) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
