package io.parley.rtm.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that is public only because another SDK package uses it. Not API: it may change or
 * go in any release. Only {@code io.parley.rtm} is the SDK's API (the jar's
 * {@code Automatic-Module-Name} is {@code io.parley.rtm}; JPMS is not used, so the SDK stays one jar
 * that Android and class-path applications load alike).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Internal {
}
