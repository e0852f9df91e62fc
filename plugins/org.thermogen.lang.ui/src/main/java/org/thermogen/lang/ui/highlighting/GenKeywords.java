package org.thermogen.lang.ui.highlighting;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.thermogen.lang.ui.ThermogenLanguage;

/** The grammar's word keywords ({@code model}, {@code energy}, {@code train}, ...), read from the grammar itself. */
final class GenKeywords {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private GenKeywords() {
    }

    static Set<String> all() {
        IGrammarAccess grammar = ThermogenLanguage.injector().getInstance(IGrammarAccess.class);
        Set<String> words = new TreeSet<>();
        for (String k : GrammarUtil.getAllKeywords(grammar.getGrammar())) {
            if (WORD.matcher(k).matches()) {
                words.add(k);
            }
        }
        return words;
    }
}
