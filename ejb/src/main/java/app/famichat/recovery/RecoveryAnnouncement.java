package app.famichat.recovery;

import app.famichat.delivery.RecoveryNews;
import java.util.List;
import java.util.UUID;

/** News for the sockets of {@code recipients}, fired in the transaction that made it ({@link RecoveryAnnouncements}). */
record RecoveryAnnouncement(List<UUID> recipients, RecoveryNews news) {
}
