package io.closeloop.service.conversation;

/** Where a conversation stands, as stored in {@code conversation.state}. */
public final class ConversationState {

    /** The bot answers. */
    public static final String BOT = "bot";
    /** A ticket is open and nobody has it yet: the customer's messages join it. */
    public static final String WAITING = "waiting_for_agent";
    /** An agent has the ticket. */
    public static final String WITH_AGENT = "with_agent";
    /** The ticket was resolved and the customer was asked whether the problem is solved (1-5). */
    public static final String FOLLOWUP = "followup";

    private ConversationState() {
    }
}
