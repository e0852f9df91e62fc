package org.thermogen.lang.ui.highlighting;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a .gen text declares, by kind, for semantic colouring: variables, parameters,
 * and networks, schedules and datasets. Read off the declarations' keywords with the text
 * as it is typed (no parse, so it keeps up with every keystroke and with broken text).
 */
public final class DeclaredNames {
    /** What a declared name is. */
    public enum Kind {
        VARIABLE, PARAMETER, NETWORK, SCHEDULE, DATASET
    }

    private static final Pattern DECLARATION = Pattern.compile(
            "\\b(visible|hidden|observed|latent|param|network|schedule|dataset)\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*(?s:.*?)\\*/");

    private DeclaredNames() {
    }

    /** Every declared name of {@code text} with its kind; the first declaration wins. */
    public static Map<String, Kind> of(String text) {
        Map<String, Kind> names = new HashMap<>();
        Matcher m = DECLARATION.matcher(COMMENT.matcher(text).replaceAll(" "));
        while (m.find()) {
            Kind k = switch (m.group(1)) {
            case "param" -> Kind.PARAMETER;
            case "network" -> Kind.NETWORK;
            case "schedule" -> Kind.SCHEDULE;
            case "dataset" -> Kind.DATASET;
            default -> Kind.VARIABLE;
            };
            names.putIfAbsent(m.group(2), k);
        }
        return names;
    }
}
