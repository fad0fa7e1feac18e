package org.dfmvr.deploy;

/**
 * Checks the five time fields of a crontab line (minute, hour, day of month, month, day of week) as cron reads them:
 * {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code x/n}, each number within its field's range.
 */
final class CronFields {
    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private CronFields() {
    }

    static void validate(String schedule) {
        String[] fields = schedule.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a crontab schedule has 5 fields, got " + fields.length + ": " + schedule);
        }
        for (int f = 0; f < 5; f++) {
            for (String item : fields[f].split(",", -1)) {
                String[] stepped = item.split("/", -1);
                if (stepped.length > 2 || (stepped.length == 2 && !stepped[1].matches("[1-9][0-9]*"))) {
                    throw new IllegalArgumentException(NAMES[f] + ": bad step in '" + item + "'");
                }
                if (stepped[0].equals("*")) {
                    continue;
                }
                for (String bound : stepped[0].split("-", -1)) {
                    if (!bound.matches("[0-9]+") || Integer.parseInt(bound) < RANGES[f][0]
                            || Integer.parseInt(bound) > RANGES[f][1]) {
                        throw new IllegalArgumentException(NAMES[f] + ": '" + item + "' is not within "
                                + RANGES[f][0] + "-" + RANGES[f][1]);
                    }
                }
            }
        }
    }
}
