package io.closeloop.service.http;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource for signed-in agents: a session cookie (with the {@code X-CSRF-Token} header on unsafe
 * methods) or {@code Authorization: Bearer <session token>}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AgentRequired {
}
