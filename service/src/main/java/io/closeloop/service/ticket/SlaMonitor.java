package io.closeloop.service.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closeloop.service.agent.AgentDao;
import io.closeloop.service.config.SecretString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each ticket its due times (first response, resolution; counted in business hours) and watches them:
 * a ticket without a reply at half its first-response time goes up one priority; a breach is marked once
 * (whichever instance sees it first), raises the priority again, is logged for supervisors and, when configured,
 * posted to a webhook signed with HMAC-SHA256 ({@code X-Closeloop-Signature: sha256=<hex>}). Resolved tickets
 * close after a grace period in which the customer can still reopen them.
 */
public final class SlaMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);

    /** Where breaches are posted, and the key that signs them. */
    public record Webhook(URI url, SecretString secret) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final BusinessHours hours;
    private final Duration firstResponse;
    private final Duration resolution;
    private final Duration closeAfter;
    private final Optional<Webhook> webhook;
    private final HttpClient http;
    private final ObjectMapper json;

    public SlaMonitor(Jdbi jdbi, Clock clock, BusinessHours hours, Duration firstResponse, Duration resolution,
                      Duration closeAfter, Optional<Webhook> webhook, HttpClient http, ObjectMapper json) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.hours = hours;
        this.firstResponse = firstResponse;
        this.resolution = resolution;
        this.closeAfter = closeAfter;
        this.webhook = webhook;
        this.http = http;
        this.json = json;
    }

    /** One pass: due times for new tickets, then breaches; returns how many breaches it found. */
    public int check() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        jdbi.useExtension(SlaDao.class, dao -> {
            dao.withoutDueTimes().forEach(t -> dao.setDueTimes(t.id(), hours.plus(t.createdAt(), firstResponse),
                    hours.plus(t.createdAt(), resolution)));
            Duration half = firstResponse.dividedBy(2);
            for (SlaDao.NewTicket waiting : dao.waitingSince(now.minus(half))) {
                if (!now.isBefore(hours.plus(waiting.createdAt(), half)) && dao.raiseForWaiting(waiting.id()) == 1) {
                    LOG.info("Ticket {} has waited half its first-response time; priority raised", waiting.id());
                }
            }
            dao.closeResolvedBefore(now.minus(closeAfter), now);
        });
        int breaches = 0;
        for (SlaDao.Overdue overdue : jdbi.withExtension(SlaDao.class, dao -> dao.firstResponseOverdue(now))) {
            if (jdbi.withExtension(SlaDao.class, dao -> dao.markFirstResponseBreached(overdue.id())) == 1) {
                breach(overdue, "first_response", now);
                breaches++;
            }
        }
        for (SlaDao.Overdue overdue : jdbi.withExtension(SlaDao.class, dao -> dao.resolutionOverdue(now))) {
            if (jdbi.withExtension(SlaDao.class, dao -> dao.markResolutionBreached(overdue.id())) == 1) {
                breach(overdue, "resolution", now);
                breaches++;
            }
        }
        return breaches;
    }

    private void breach(SlaDao.Overdue ticket, String kind, Instant now) {
        LOG.warn("SLA breach: ticket {} missed its {} due at {} (reason {}, assignee {})", ticket.id(), kind,
                ticket.due(), ticket.reason(), ticket.assigneeId() == null ? "none" : ticket.assigneeId());
        jdbi.useExtension(AgentDao.class, dao -> dao.audit(null, "sla_breach", ticket.id(), kind, now));
        webhook.ifPresent(hook -> post(hook, ticket, kind, now));
    }

    private void post(Webhook hook, SlaDao.Overdue ticket, String kind, Instant now) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "sla_breach");
        event.put("sla", kind);
        event.put("ticketId", ticket.id());
        event.put("due", ticket.due().toString());
        event.put("at", now.toString());
        event.put("assigneeId", ticket.assigneeId());
        try {
            byte[] body = json.writeValueAsBytes(event);
            HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-Closeloop-Signature", "sha256=" + sign(hook.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("The SLA breach webhook answered {} for ticket {}", response.statusCode(), ticket.id());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            LOG.warn("The SLA breach webhook failed for ticket {}: {}", ticket.id(), io.closeloop.channels.PersonalData.scrub(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sign(SecretString secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
