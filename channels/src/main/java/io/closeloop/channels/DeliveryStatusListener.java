package io.closeloop.channels;

import java.util.Optional;

/** The port through which a channel reports what became of a message it accepted (delivered, failed...). */
public interface DeliveryStatusListener {

    /**
     * Called for every status report, in whatever order the channel sends them; implementations ignore a
     * report that would move a message back to an earlier status.
     */
    void onStatus(Channel channel, String providerMessageId, DeliveryStatus status, Optional<String> errorCode);
}
