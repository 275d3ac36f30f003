package io.closeloop.service;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A decision: a pure function of its inputs (configuration, the time it is given), with no database, HTTP or
 * channel behind it, so it is tested without any. The build checks that such a class imports no JDBI and no
 * Jersey.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Decision {
}
