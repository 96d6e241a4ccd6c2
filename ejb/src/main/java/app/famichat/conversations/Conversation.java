package app.famichat.conversations;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.NullableUuid;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A conversation. Who is in it is answered by {@link ConversationStore#memberIds} (family ones are derived). */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    private ConversationType type;

    @Column(length = 64, updatable = false)
    private String title;

    @Column(name = "family_id", updatable = false)
    @Convert(converter = NullableUuid.class)
    private UUID familyId;

    @Column(name = "singleton_key", updatable = false, length = 80)
    private String singletonKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    protected Conversation() {
    }

    private Conversation(ConversationType type, String title, UUID familyId, String singletonKey, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.type = type;
        this.title = title;
        this.familyId = familyId;
        this.singletonKey = singletonKey;
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
    }

    static Conversation direct(UUID one, UUID other, Instant now) {
        boolean ordered = one.toString().compareTo(other.toString()) < 0;
        return new Conversation(ConversationType.DIRECT, null, null,
                "direct:" + (ordered ? one + ":" + other : other + ":" + one), now);
    }

    static Conversation group(String title, Instant now) {
        return new Conversation(ConversationType.GROUP, title, null, null, now);
    }

    static Conversation family(UUID familyId, Instant now) {
        return new Conversation(ConversationType.FAMILY, null, familyId, "family:" + familyId, now);
    }

    static Conversation self(UUID userId, Instant now) {
        return new Conversation(ConversationType.SELF, null, null, "self:" + userId, now);
    }

    public UUID id() {
        return id;
    }

    public ConversationType type() {
        return type;
    }

    public Encryption encryption() {
        return type.encryption();
    }

    /** Groups only. */
    public String title() {
        return title;
    }

    /** Family conversations only. */
    public UUID familyId() {
        return familyId;
    }

    /** Null for groups; otherwise what makes the conversation unique for its pair, family or user. */
    String singletonKey() {
        return singletonKey;
    }

    public Instant createdAt() {
        return createdAt.toInstant();
    }

    /** Only a group's members change hands; the others' members are fixed by their type. */
    void requireChangeableMembers() {
        if (type != ConversationType.GROUP) {
            throw new FamichatException(Failure.CONFLICT, "Only a group's members can be added, removed or leave; a "
                    + type.wireName() + " conversation's members follow from its type");
        }
    }
}
