package io.closeloop.service.bot;

import io.closeloop.channels.PersonalData;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening tickets, the same way for the bot's handoffs and for survey detractors: one open ticket per customer
 * at a time (a new trigger joins the open one), and on a chat channel the conversation waits for a person.
 */
public final class Tickets {
    private static final Logger LOG = LoggerFactory.getLogger(Tickets.class);

    private Tickets() {
    }

    /** Opens a ticket, or returns the customer's open one; call inside the triggering transaction. */
    public static long open(Handle handle, Long customerId, String channel, String address, String locale,
                            String reason, String summary, Instant now) {
        BotDao dao = handle.attach(BotDao.class);
        Optional<Long> existing = customerId == null ? Optional.empty() : dao.openTicketOf(customerId);
        long ticket = existing.orElseGet(() -> dao.openTicket(customerId, channel, address, locale, reason,
                summary.length() <= 500 ? summary : summary.substring(0, 500), now));
        if (!address.isEmpty() && (channel.equals("sms") || channel.equals("wechat"))) {
            if (dao.lock(channel, address).isEmpty()) {
                dao.create(channel, address, now);
            }
            dao.update(channel, address, Bot.WAITING, 0, null, ticket, now);
        }
        if (existing.isEmpty()) {
            LOG.info("Ticket {} opened for {} ({})", ticket, PersonalData.mask(address), reason);
        }
        return ticket;
    }
}
