package app.famichat.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.ActiveMQBuffers;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalFile;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.journal.impl.JournalReaderCallback;
import org.apache.activemq.artemis.core.message.impl.CoreMessagePersister;

/**
 * Every message an Artemis journal directory still holds on disk, read as an attacker with a copy of the directory
 * would: every add record of every file, including those of messages consumed long ago (a consumed message's
 * record stays until its file is compacted or reused), not only the messages the broker would still deliver.
 */
public final class BrokerJournal {

    /**
     * The record type of a message in the journal ({@code JournalRecordIds.ADD_MESSAGE_PROTOCOL} in artemis-server,
     * which the tests do not need otherwise).
     */
    private static final byte ADD_MESSAGE_PROTOCOL = 45;

    /** A message as the journal keeps it: its address, its group (JMSXGroupID) and its body. */
    public record Message(String address, String group, byte[] body) {
    }

    private BrokerJournal() {
    }

    /** The messages of the journal files (activemq-data-*.amq) under {@code directory}, oldest file first. */
    public static List<Message> messages(Path directory) throws Exception {
        NIOSequentialFileFactory files = new NIOSequentialFileFactory(directory.toFile(), 1);
        // Only its file listing is used: the sizes and pool figures do not matter for reading.
        JournalImpl journal = new JournalImpl(10 * 1024 * 1024, 2, 2, 0, 0, files, "activemq-data", "amq", 1);
        List<Message> messages = new ArrayList<>();
        JournalReaderCallback reader = new JournalReaderCallback() {
            @Override
            public void onReadAddRecord(RecordInfo record) {
                add(record);
            }

            @Override
            public void onReadAddRecordTX(long transactionId, RecordInfo record) {
                add(record);
            }

            @Override
            public void onReadUpdateRecord(RecordInfo record) {
                add(record);
            }

            @Override
            public void onReadUpdateRecordTX(long transactionId, RecordInfo record) {
                add(record);
            }

            private void add(RecordInfo record) {
                if (record.userRecordType != ADD_MESSAGE_PROTOCOL) {
                    return;
                }
                ActiveMQBuffer buffer = ActiveMQBuffers.wrappedBuffer(record.data);
                buffer.readByte(); // the persister's id: core messages are all the application sends
                ICoreMessage message = CoreMessagePersister.getInstance().decode(buffer, null, null).toCore();
                ActiveMQBuffer body = message.getReadOnlyBodyBuffer();
                byte[] bytes = new byte[body.readableBytes()];
                body.readBytes(bytes);
                messages.add(new Message(String.valueOf(message.getAddress()),
                        message.getGroupID() == null ? null : message.getGroupID().toString(), bytes));
            }
        };
        for (JournalFile file : journal.orderFiles()) {
            JournalImpl.readJournalFile(files, file, reader);
        }
        return messages;
    }
}
