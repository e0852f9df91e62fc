package org.thermogen.runtime.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The capabilities a {@link Structure} class offers, declared on the class so they are known
 * before any model exists: {@code thermogen check} knows a model's family from its
 * {@code .gen} file and asks {@link ModelOutline#offers(Class)} what an algorithm would ask
 * the built model's {@link Structure#capability(Class)}. A contract test holds every
 * structure's {@link Structure#capabilities()} to what it declares here.
 *
 * <pre>{@code
 * @Offers({PairwiseForm.class})
 * public record PairwiseStructure(PairwiseForm form) implements Structure { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Offers {

    /** The capability types, e.g. {@code PairwiseForm.class} or {@code ExactDraws.class}. */
    Class<?>[] value();
}
