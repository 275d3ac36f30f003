package io.closeloop.service.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Customers, their channel addresses and the consent attached to each address. */
@RegisterConstructorMapper(CustomerRow.class)
public interface CustomerDao {

    @SqlQuery("SELECT * FROM customer WHERE external_id = :externalId")
    Optional<CustomerRow> findByExternalId(@Bind("externalId") String externalId);

    @SqlQuery("SELECT * FROM customer WHERE id = :id")
    Optional<CustomerRow> findById(@Bind("id") long id);

    /** Holds the customer's row until the transaction ends, so two purchases of one customer queue up. */
    @SqlQuery("SELECT * FROM customer WHERE id = :id FOR UPDATE")
    Optional<CustomerRow> lock(@Bind("id") long id);

    @SqlUpdate("""
            INSERT INTO customer (external_id, name, email, locale, time_zone, created_at, updated_at)
            VALUES (:externalId, :name, :email, :locale, :timeZone, :now, :now)
            """)
    @GetGeneratedKeys
    long insert(@Bind("externalId") String externalId, @Bind("name") String name, @Bind("email") String email,
            @Bind("locale") String locale, @Bind("timeZone") String timeZone, @Bind("now") Instant now);

    /** Newer details win; a detail the purchase did not give is kept. */
    @SqlUpdate("""
            UPDATE customer SET name = COALESCE(:name, name), email = COALESCE(:email, email),
                   locale = COALESCE(:locale, locale), time_zone = COALESCE(:timeZone, time_zone), updated_at = :now
            WHERE id = :id
            """)
    void updateDetails(@Bind("id") long id, @Bind("name") String name, @Bind("email") String email,
            @Bind("locale") String locale, @Bind("timeZone") String timeZone, @Bind("now") Instant now);

    @SqlQuery("SELECT COUNT(*) > 0 FROM customer_address WHERE customer_id = :customerId AND channel = :channel AND address = :address")
    boolean hasAddress(@Bind("customerId") long customerId, @Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("INSERT INTO customer_address (customer_id, channel, address, created_at) VALUES (:customerId, :channel, :address, :now)")
    void insertAddress(@Bind("customerId") long customerId, @Bind("channel") String channel,
            @Bind("address") String address, @Bind("now") Instant now);

    @SqlQuery("SELECT CONCAT(channel, ':', address) FROM customer_address WHERE customer_id = :customerId ORDER BY id")
    List<String> addresses(@Bind("customerId") long customerId);

    /** Whether the customer has opted out on any of their addresses. */
    @SqlQuery("""
            SELECT COUNT(*) > 0 FROM customer_address a
            JOIN address_consent c ON c.channel = a.channel AND c.address = a.address
            WHERE a.customer_id = :customerId AND c.opted_out = TRUE
            """)
    boolean isOptedOut(@Bind("customerId") long customerId);

    @SqlQuery("SELECT COUNT(*) > 0 FROM address_consent WHERE channel = :channel AND address = :address AND opted_out = TRUE")
    boolean isAddressOptedOut(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("UPDATE address_consent SET opted_out = :optedOut, source = :source, changed_at = :now WHERE channel = :channel AND address = :address")
    int updateConsent(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("optedOut") boolean optedOut, @Bind("source") String source, @Bind("now") Instant now);

    @SqlUpdate("INSERT INTO address_consent (channel, address, opted_out, source, changed_at) VALUES (:channel, :address, :optedOut, :source, :now)")
    void insertConsent(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("optedOut") boolean optedOut, @Bind("source") String source, @Bind("now") Instant now);

    /** Records an opt-out or opt-in for an address, with an audit row. Call inside a transaction. */
    default void recordConsent(String channel, String address, boolean optedOut, String source, Instant now) {
        if (updateConsent(channel, address, optedOut, source, now) == 0) {
            insertConsent(channel, address, optedOut, source, now);
        }
        auditConsent(channel, address, optedOut, source, now);
    }

    @SqlUpdate("INSERT INTO consent_change (channel, address, opted_out, source, changed_at) VALUES (:channel, :address, :optedOut, :source, :now)")
    void auditConsent(@Bind("channel") String channel, @Bind("address") String address,
            @Bind("optedOut") boolean optedOut, @Bind("source") String source, @Bind("now") Instant now);
}
