package org.dfmvr.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code COPY} instructions of a Dockerfile (shell form, no build stages), read the way {@code docker build}
 * reads them: comments dropped, backslash continuations joined, flags such as {@code --chown} skipped. Parsing fails
 * on an instruction Docker does not know, so a typo in the image recipe fails a test here rather than a build there.
 */
record DockerfileCopies(List<Copy> copies) {
    private static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD",
            "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");

    record Copy(List<String> sources, String destination) {
    }

    static DockerfileCopies parse(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            boolean continues = stripped.endsWith("\\");
            current.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
            if (!continues) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            throw new IllegalArgumentException(dockerfile + ": ends inside a continued line");
        }
        List<Copy> copies = new ArrayList<>();
        for (String instruction : instructions) {
            String[] words = instruction.split("\\s+");
            if (!INSTRUCTIONS.contains(words[0])) {
                throw new IllegalArgumentException(dockerfile + ": unknown instruction '" + words[0] + "' in: " + instruction);
            }
            if (words[0].equals("COPY")) {
                List<String> args = Arrays.stream(words).skip(1).filter(w -> !w.startsWith("--")).toList();
                if (args.size() < 2) {
                    throw new IllegalArgumentException(dockerfile + ": COPY needs a source and a destination: " + instruction);
                }
                copies.add(new Copy(args.subList(0, args.size() - 1), args.get(args.size() - 1)));
            }
        }
        return new DockerfileCopies(List.copyOf(copies));
    }

    List<String> destinations() {
        return copies.stream().map(Copy::destination).toList();
    }

    List<String> sources() {
        return copies.stream().flatMap(c -> c.sources().stream()).toList();
    }
}
