package app.famichat.jms.ra;

import java.io.File;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.transaction.xa.Xid;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnectorFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.transaction.impl.XidImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory;
import org.apache.activemq.artemis.ra.ActiveMQResourceAdapter;
import org.apache.activemq.artemis.ra.ConnectionFactoryProperties;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;

/**
 * Artemis resource adapter that, by default, runs its own broker inside the application server.
 *
 * <p>{@code EmbeddedBroker=true} (default): {@link #start} first starts an {@link EmbeddedActiveMQ}
 * with a persistent NIO journal under {@code BrokerDataDirectory} and an in-VM acceptor only
 * (no network listener), commits what a previous run left prepared ({@link #commitLeftPrepared}), then points
 * the adapter at it with the in-VM connector.
 *
 * <p>{@code EmbeddedBroker=false}: plain Artemis resource adapter; the standard properties
 * ({@code ConnectorClassName}, {@code ConnectionParameters}, {@code UserName}, {@code Password}) select
 * the external broker. {@code UserName}/{@code Password} apply to inbound (MDB) and outbound connections
 * alike (see {@link DefaultCredentialsConnectionFactory}).
 */
public class FamichatResourceAdapter extends ActiveMQResourceAdapter {

   private static final long serialVersionUID = 1L;

   private static final Logger LOG = Logger.getLogger(FamichatResourceAdapter.class.getName());

   /**
    * Artemis's audit loggers (base, resource, message) log every connection, session and message at INFO,
    * which is on by default under java.util.logging. Kept strongly referenced so that the level sticks.
    */
   private static final Logger AUDIT_LOG = Logger.getLogger("org.apache.activemq.audit");

   /** In-VM server id shared by the acceptor and the connector. */
   static final String IN_VM_SERVER_ID = "0";

   /** Dead-letter address of the embedded broker. */
   static final String DEAD_LETTER_ADDRESS = "DLQ";

   /** Expiry address of the embedded broker. */
   static final String EXPIRY_ADDRESS = "ExpiryQueue";

   /**
    * The application's fan-out queue (its Messaging.FAN_OUT_QUEUE), declared rather than auto-created: Artemis
    * removes an auto-created queue that looks empty when it starts, and a queue holding only a transaction's prepared
    * messages looks empty, so committing that transaction afterwards would drop them (FamichatResourceAdapterTest).
    */
   static final String FAN_OUT_QUEUE = "famichat.fanout";

   /** Default sub-directory of the instance root. */
   static final String DEFAULT_DIRECTORY_NAME = "famichat-broker";

   /** NIO journal flush timeout (ns). Artemis's default (3,333,333 ns) caps persistent sends at a few hundred per second. */
   static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 100_000;

   private Boolean embeddedBroker = Boolean.TRUE;

   private String brokerDataDirectory = "";

   private transient EmbeddedActiveMQ broker;

   public FamichatResourceAdapter() {
      super();
   }

   public Boolean getEmbeddedBroker() {
      return embeddedBroker;
   }

   public void setEmbeddedBroker(Boolean embeddedBroker) {
      this.embeddedBroker = embeddedBroker;
   }

   public String getBrokerDataDirectory() {
      return brokerDataDirectory;
   }

   public void setBrokerDataDirectory(String brokerDataDirectory) {
      this.brokerDataDirectory = brokerDataDirectory;
   }

   @Override
   public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
      if (AUDIT_LOG.getLevel() == null) {
         // not configured by the administrator (e.g. set-log-levels org.apache.activemq.audit=INFO)
         AUDIT_LOG.setLevel(Level.WARNING);
      }
      if (embeddedBroker == null || embeddedBroker) {
         startEmbeddedBroker();
         setConnectorClassName(InVMConnectorFactory.class.getName());
         setConnectionParameters("serverId=" + IN_VM_SERVER_ID);
      } else {
         LOG.info(() -> "Famichat JMS: using external broker " + getConnectorClassName() + " [" + getConnectionParameters() + "]");
      }
      try {
         super.start(ctx);
      } catch (ResourceAdapterInternalException | RuntimeException e) {
         stopEmbeddedBroker();
         throw e;
      }
   }

   @Override
   public void stop() {
      try {
         super.stop();
      } finally {
         stopEmbeddedBroker();
      }
   }

   /**
    * Every connection factory of the adapter (the outbound pools' ones included) falls back to this adapter's
    * {@code UserName}/{@code Password} when the container hands it an empty user name.
    */
   @Override
   public ActiveMQConnectionFactory newConnectionFactory(ConnectionFactoryProperties properties) {
      ActiveMQConnectionFactory factory = super.newConnectionFactory(properties);
      if (factory.getClass() == ActiveMQXAConnectionFactory.class) {
         return DefaultCredentialsConnectionFactory.copyOf((ActiveMQXAConnectionFactory) factory, this);
      }
      return factory;
   }

   /** The directory the embedded broker keeps its data in. */
   File resolveDataDirectory() {
      if (brokerDataDirectory != null && !brokerDataDirectory.isBlank()) {
         return new File(brokerDataDirectory.trim()).getAbsoluteFile();
      }
      String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
      if (instanceRoot == null || instanceRoot.isBlank()) {
         String workingDir = System.getProperty("user.dir");
         LOG.warning(() -> "Famichat JMS: com.sun.aas.instanceRoot is not set, using " + workingDir);
         return new File(workingDir, DEFAULT_DIRECTORY_NAME).getAbsoluteFile();
      }
      return new File(instanceRoot, DEFAULT_DIRECTORY_NAME).getAbsoluteFile();
   }

   Configuration brokerConfiguration(File dataDir) {
      Configuration config = new ConfigurationImpl()
         .setName("famichat")
         .setPersistenceEnabled(true)
         .setSecurityEnabled(false)
         .setJournalType(JournalType.NIO)
         .setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS)
         .setJournalDirectory(new File(dataDir, "journal").getPath())
         .setBindingsDirectory(new File(dataDir, "bindings").getPath())
         .setPagingDirectory(new File(dataDir, "paging").getPath())
         .setLargeMessagesDirectory(new File(dataDir, "large-messages").getPath())
         .setNodeManagerLockDirectory(new File(dataDir, "journal").getPath())
         // a slow disk must never halt the application server
         .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
         .addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                                                             Map.of("serverId", IN_VM_SERVER_ID), "in-vm"));

      AddressSettings defaults = new AddressSettings()
         .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
         .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
         .setMaxDeliveryAttempts(5)
         .setRedeliveryDelay(100)
         .setAutoCreateQueues(true)
         .setAutoCreateAddresses(true);
      config.addAddressSetting("#", defaults);
      for (String queue : new String[] {DEAD_LETTER_ADDRESS, EXPIRY_ADDRESS, FAN_OUT_QUEUE}) {
         config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST));
      }
      return config;
   }

   synchronized void startEmbeddedBroker() throws ResourceAdapterInternalException {
      if (broker != null) {
         return;
      }
      File dataDir = resolveDataDirectory();
      long t0 = System.nanoTime();
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(FamichatResourceAdapter.class.getClassLoader());
      EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(brokerConfiguration(dataDir));
      try {
         server.start();
      } catch (Exception e) {
         try {
            server.stop();
         } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
         }
         throw new ResourceAdapterInternalException("Famichat JMS: embedded broker failed to start in " + dataDir, e);
      } finally {
         thread.setContextClassLoader(previous);
      }
      broker = server;
      long millis = (System.nanoTime() - t0) / 1_000_000;
      LOG.info(() -> "Famichat JMS: embedded Artemis broker started in " + millis + " ms, journal in "
         + new File(dataDir, "journal") + " (in-VM acceptor only)");
      int committed;
      try {
         committed = commitLeftPrepared(server.getActiveMQServer());
      } catch (Exception e) {
         stopEmbeddedBroker();
         throw new ResourceAdapterInternalException("Famichat JMS: could not commit the transactions left prepared", e);
      }
      if (committed > 0) {
         LOG.warning(() -> "Famichat JMS: committed " + committed + " transaction(s) that the previous run left "
            + "prepared (stopped between the broker's prepare and its commit; docs/operations.md, in-doubt window)");
      }
   }

   /**
    * Commits every transaction prepared on the broker and never completed. The embedded broker has no client but
    * this server, and it runs this before the adapter starts, so each such transaction is an orphan of a previous run
    * that stopped between the broker's prepare and its commit (Payara's transaction log does not outlive a restart,
    * so nothing else would ever complete it). Committing is right for each of Famichat's XA transactions, whether
    * or not the database's commit happened: a send's fan-out messages are then delivered, or, if its message row was
    * never committed, fail on the envelope's foreign key and are dead-lettered; a dead letter's replay is then
    * replayed. Rolling back would lose a message that the database (and its sender's history) holds as sent.
    *
    * @return how many were committed
    */
   static int commitLeftPrepared(ActiveMQServer server) throws Exception {
      int committed = 0;
      for (Xid xid : server.getResourceManager().getPreparedTransactions()) {
         if (server.getActiveMQServerControl().commitPreparedTransaction(XidImpl.toBase64String(xid))) {
            committed++;
         }
      }
      return committed;
   }

   synchronized void stopEmbeddedBroker() {
      EmbeddedActiveMQ server = broker;
      broker = null;
      if (server == null) {
         return;
      }
      try {
         server.stop();
         LOG.info("Famichat JMS: embedded Artemis broker stopped");
      } catch (Exception e) {
         LOG.log(Level.WARNING, "Famichat JMS: error stopping the embedded broker", e);
      }
   }
}
