package io.closeloop.service.survey;

import java.util.Locale;

/** Where an invitation is in its life: scheduled → sent → completed or expired; or suppressed, or failed. */
public enum InvitationStatus {
    SCHEDULED,
    SUPPRESSED,
    SENT,
    COMPLETED,
    EXPIRED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InvitationStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
