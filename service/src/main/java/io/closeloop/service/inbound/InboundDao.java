package io.closeloop.service.inbound;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Inbound messages, once each per (channel, account, external id), with the reply they got. */
@RegisterConstructorMapper(InboundDao.Handled.class)
public interface InboundDao {

    /** A message already handled, and what it was answered. */
    record Handled(String reply, Instant handledAt) {
    }

    @SqlQuery("SELECT reply, handled_at FROM inbound_message WHERE channel = :channel AND account = :account AND external_id = :externalId")
    Optional<Handled> find(@Bind("channel") String channel, @Bind("account") String account,
            @Bind("externalId") String externalId);

    @SqlUpdate("""
            INSERT INTO inbound_message (channel, account, external_id, from_address, body, received_at)
            VALUES (:channel, :account, :externalId, :from, :body, :receivedAt)
            """)
    void insert(@Bind("channel") String channel, @Bind("account") String account, @Bind("externalId") String externalId,
            @Bind("from") String from, @Bind("body") String body, @Bind("receivedAt") Instant receivedAt);

    @SqlUpdate("""
            UPDATE inbound_message SET reply = :reply, handled_at = :now
            WHERE channel = :channel AND account = :account AND external_id = :externalId
            """)
    void markHandled(@Bind("channel") String channel, @Bind("account") String account,
            @Bind("externalId") String externalId, @Bind("reply") String reply, @Bind("now") Instant now);

    /** The locale of the customer most recently linked to an address. */
    @SqlQuery("""
            SELECT c.locale FROM customer c JOIN customer_address a ON a.customer_id = c.id
            WHERE a.channel = :channel AND a.address = :address ORDER BY a.id DESC LIMIT 1
            """)
    Optional<String> customerLocale(@Bind("channel") String channel, @Bind("address") String address);

    /** The texts this address sent before, newest first: the language a bare "1" is answered in. */
    @SqlQuery("""
            SELECT body FROM inbound_message WHERE channel = :channel AND from_address = :address
              AND external_id <> :externalId
            ORDER BY received_at DESC, id DESC LIMIT 5
            """)
    java.util.List<String> earlierBodies(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("externalId") String externalId);
}
