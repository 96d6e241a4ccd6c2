package app.famichat.conversations;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a caller asks to start, one record per {@link ConversationType}: the edge binds the request's fields to
 * one of these (refusing fields the type does not take), {@link ConversationService#create} applies the rules that
 * need the database. A new type is a constant there, a record here, its binding at the edge and its case in the
 * service.
 */
public sealed interface NewConversation {

    /** Notes to oneself. */
    record Self() implements NewConversation {
    }

    /** With one other person, who must share a family with the caller. */
    record Direct(UUID otherId) implements NewConversation {

        public Direct {
            Objects.requireNonNull(otherId, "otherId");
        }
    }

    /**
     * A titled group of the caller (its admin) and {@code memberIds}, who must share a family with them; the
     * title is checked against the name rules by the service.
     */
    record Group(String title, List<UUID> memberIds) implements NewConversation {

        public Group {
            memberIds = List.copyOf(memberIds);
        }
    }

    /** The conversation of a family the caller is in. */
    record Family(UUID familyId) implements NewConversation {

        public Family {
            Objects.requireNonNull(familyId, "familyId");
        }
    }
}
