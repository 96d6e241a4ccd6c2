package app.famichat.conversations;

import app.famichat.membership.Member;
import java.util.List;

/** A conversation with its members, as its members see it. */
public record ConversationDetails(Conversation conversation, List<Member> members) {
}
