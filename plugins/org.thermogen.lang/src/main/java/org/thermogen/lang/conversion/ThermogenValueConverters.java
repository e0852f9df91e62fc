package org.thermogen.lang.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractLexerBasedConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Converts the language's own terminals: numbers, the integer glued to a range
 * operator ({@code 0..}) and double-quoted strings.
 */
public class ThermogenValueConverters extends DefaultTerminalConverters {

    @ValueConverter(rule = "NUMBER")
    public IValueConverter<Double> number() {
        return new AbstractLexerBasedConverter<>() {
            @Override
            public Double toValue(String string, INode node) {
                try {
                    return Double.valueOf(string);
                } catch (NumberFormatException e) {
                    throw new ValueConverterException("'" + string + "' is not a number", node, e);
                }
            }

            @Override
            protected String toEscapedString(Double value) {
                double v = value;
                return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
            }
        };
    }

    @ValueConverter(rule = "INT_RANGE")
    public IValueConverter<Integer> intRange() {
        return new AbstractLexerBasedConverter<>() {
            @Override
            public Integer toValue(String string, INode node) {
                String digits = string.substring(0, string.length() - 2);
                try {
                    return Integer.valueOf(digits);
                } catch (NumberFormatException e) {
                    throw new ValueConverterException("'" + digits + "' is too large for a range bound", node, e);
                }
            }

            @Override
            protected String toEscapedString(Integer value) {
                return value + "..";
            }
        };
    }
}
