package io.closeloop.service.customer;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transactional;

/**
 * Removes one channel address from everything that names it: the customer's addresses, consent records,
 * messages from and to it, and surveys sent there. Scores and other answers stay, so the figures do not
 * change; what the customer wrote in messages is cleared.
 */
public interface AddressErasure extends Transactional<AddressErasure> {

    String ERASED = "erased";

    @SqlUpdate("DELETE FROM customer_address WHERE channel = :channel AND address = :address")
    int deleteAddresses(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("DELETE FROM address_consent WHERE channel = :channel AND address = :address")
    int deleteConsent(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("DELETE FROM consent_change WHERE channel = :channel AND address = :address")
    int deleteConsentHistory(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("UPDATE inbound_message SET from_address = '" + ERASED + "', body = '' WHERE channel = :channel AND from_address = :address")
    int eraseInbound(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("UPDATE outbound_message SET to_address = '" + ERASED + "', body = '' WHERE channel = :channel AND to_address = :address")
    int eraseOutbound(@Bind("channel") String channel, @Bind("address") String address);

    @SqlUpdate("UPDATE survey_invitation SET address = NULL WHERE channel = :channel AND address = :address")
    int eraseInvitations(@Bind("channel") String channel, @Bind("address") String address);

    /** Everything at once; call inside a transaction. */
    default void erase(String channel, String address) {
        deleteAddresses(channel, address);
        deleteConsent(channel, address);
        deleteConsentHistory(channel, address);
        eraseInbound(channel, address);
        eraseOutbound(channel, address);
        eraseInvitations(channel, address);
    }
}
