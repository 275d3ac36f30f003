package io.closeloop.channels;

import java.util.Optional;

/** The port through which a channel reports what became of a message it accepted (delivered, failed...). */
public interface DeliveryStatusListener {

    /** The longest provider message id and error code implementations store; adapters refuse longer ones. */
    int MAX_PROVIDER_ID = 64;
    int MAX_ERROR_CODE = 64;

    /**
     * Called for every status report, in whatever order the channel sends them; implementations ignore a
     * report that would move a message back to an earlier status.
     */
    void onStatus(Channel channel, String providerMessageId, DeliveryStatus status, Optional<String> errorCode);
}
