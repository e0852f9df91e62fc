package org.thermogen.cli;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The change a message of {@code check} advises, applied to the clause it refused, as a
 * person would follow it: {@code add `LINE` to M} adds the line to the model; {@code use X}
 * (the first of {@code X or Y}) puts method {@code X} in place of the refused one;
 * {@code ..., optimizer sgd(lr 0.05)} at the end sets the trainer's optimizer;
 * {@code train ... with X} trains with {@code X}. Null when the message advises nothing.
 */
final class Advice {
    private static final Pattern ADD = Pattern.compile("add `([^`]+)` to \\w+");
    private static final Pattern USE = Pattern.compile("\\buse ([a-z_]+(?:\\([^;]*?\\))?)(?: or |$|;|: | on )");
    private static final Pattern OPTIMIZER = Pattern.compile("optimizer ([a-z]+\\([^()]*\\))$");
    private static final Pattern TRAIN_WITH = Pattern.compile("train a .*? with ([a-z_]+\\(.*\\))$");
    private static final Set<String> ESTIMATORS = Set.of("exact", "ais", "iwae");
    /** Metrics measured without data; the others are given the test part, as their own message asks. */
    private static final Set<String> WITHOUT_DATA = Set.of("log_partition", "energy", "magnetization",
            "abs_magnetization", "kl", "parameter_error");

    private Advice() {
    }

    static String apply(String clause, String message) {
        Matcher m = ADD.matcher(message);
        if (m.find()) {
            return clause + "\n  " + m.group(1);
        }
        m = OPTIMIZER.matcher(message);
        if (m.find() && clause.startsWith("train ")) {
            String bare = clause.replaceFirst(" \\{ optimizer [^}]*}$", "");
            return bare + " { optimizer " + m.group(1) + " }";
        }
        m = TRAIN_WITH.matcher(message);
        if (m.find() && clause.startsWith("train ")) {
            return "train on D.train with " + m.group(1);
        }
        m = USE.matcher(message);
        if (!m.find()) {
            return null;
        }
        String method = m.group(1);
        if (ESTIMATORS.contains(method) && clause.matches(".*\\((?:iwae|ais)\\(.*")) {
            // An estimator of ln Z: in place of the refused one inside the metric's call.
            return clause.replaceFirst("\\((?:iwae|ais)\\([^)]*\\)\\)", method.equals("exact") ? ""
                    : "(" + (method.equals("ais") ? "ais(runs 2, temperatures 20)" : "iwae(k 5)") + ")");
        }
        if (clause.startsWith("train ")) {
            return "train on D.train with " + method;
        }
        if (clause.startsWith("sample ")) {
            return "sample with " + method;
        }
        String metric = method.contains(" on ") || WITHOUT_DATA.contains(method.replaceFirst("\\(.*", "")) ? method
                : method + " on D.test";
        return "evaluate " + metric + (clause.endsWith(" per temperature") ? " per temperature" : "");
    }
}
