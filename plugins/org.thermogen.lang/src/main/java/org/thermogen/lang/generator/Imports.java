package org.thermogen.lang.generator;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The imports of one generated file. A runtime class whose simple name is taken by a
 * generated class of the package (a model called {@code Dataset}, say) is written fully
 * qualified instead, so user names can never shadow runtime types.
 */
final class Imports {
    private final String packageName;
    private final Set<String> localNames;
    private final TreeMap<String, String> bySimpleName = new TreeMap<>();

    Imports(String packageName, Set<String> localNames) {
        this.packageName = packageName;
        this.localNames = localNames;
    }

    /** The name to write for {@code qualifiedName}, importing it when that is safe. */
    String use(String qualifiedName) {
        String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        String pkg = qualifiedName.contains(".") ? qualifiedName.substring(0, qualifiedName.lastIndexOf('.')) : "";
        if (pkg.equals(packageName) || pkg.equals("java.lang") && !localNames.contains(simple)) {
            return simple;
        }
        if (localNames.contains(simple)) {
            return qualifiedName;
        }
        String existing = bySimpleName.putIfAbsent(simple, qualifiedName);
        return existing == null || existing.equals(qualifiedName) ? simple : qualifiedName;
    }

    String use(Class<?> type) {
        return use(type.getName().replace('$', '.'));
    }

    /**
     * The import lines, sorted: those of the names {@code body} uses. A name can be asked
     * for and then not written (a branch that emits nothing), so the body decides.
     */
    String declarations(CharSequence body) {
        StringBuilder b = new StringBuilder();
        for (String q : new TreeSet<>(bySimpleName.values())) {
            String simple = q.substring(q.lastIndexOf('.') + 1);
            if (Pattern.compile("(?<![\\w.$])" + Pattern.quote(simple) + "\\b").matcher(body).find()) {
                b.append("import ").append(q).append(";\n");
            }
        }
        return b.toString();
    }
}
